import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelBus, fakeTabHost, PAGE_URL, SESSION } from '../../../test-support/popout-tabs';
import {
  BYE_GRACE_MS,
  HEARTBEAT_INTERVAL_MS,
  HELLO_TIMEOUT_MS,
  MISSED_BEATS,
  channelName,
} from './popout-channel';
import { PopoutTabs } from './popout-tabs';
import { MAX_SAVED_WINDOWS } from '../../../protocol/saved-windows';

const CHART = { panel: 'chart', instrument: 'BTC/USD' } as const;
const ALERTS = { panel: 'alerts' } as const;
const TAB_PLACE = { x: 100, y: 50, width: 800, height: 600 };
const OTHER_SESSION = 'a7c3e9d1-2222-4b6c-8d0e-1f2a3b4c5d6e';
const NEW_SESSION = 'b8d4f0e2-3333-4c7d-9e1f-2a3b4c5d6e7f';
/** Long enough for a tab that stopped beating to be taken as closed. */
const SILENCE_MS = HEARTBEAT_INTERVAL_MS * (MISSED_BEATS + 1);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function mainPage(bus = channelBus(), session = SESSION, pageUrl = PAGE_URL) {
  const tabs = fakeTabHost(bus, { session, pageUrl });
  const changes = vi.fn();
  const watch = new PopoutTabs(tabs.host, changes);
  const stop = watch.start();
  return { ...tabs, watch, changes, stop };
}

describe('PopoutTabs: the main page and its tabs (browser mode)', () => {
  it('opens a tab on the page’s URL naming the panel and the session, out from its hello', () => {
    const { watch, opened, load, changes } = mainPage();
    watch.open(CHART, () => {});
    expect(opened).toEqual([`${PAGE_URL}#panel=chart&instrument=BTC%2FUSD&session=${SESSION}`]);
    expect(watch.panels()).toEqual([CHART]); // shown out at once, not yet saved
    expect(watch.windows()).toEqual([]);
    load(0);
    expect(watch.windows()).toEqual([{ panel: CHART, bounds: TAB_PLACE, displayId: null }]);
    expect(changes).toHaveBeenCalledTimes(2);
    watch.open({ ...CHART }, () => {}); // out already: no second tab
    expect(opened).toHaveLength(1);
  });

  it('keeps a beating tab open, and docks one silent for missed heartbeats', () => {
    const { watch, load } = mainPage();
    watch.open(CHART, () => {});
    watch.open(ALERTS, () => {});
    load(0);
    const alerts = load(1);
    vi.advanceTimersByTime(SILENCE_MS * 5);
    expect(watch.panels()).toEqual([CHART, ALERTS]);
    alerts.crash(); // no bye: a crashed or hung tab
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * (MISSED_BEATS - 1));
    expect(watch.panels()).toEqual([CHART, ALERTS]);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * 2);
    expect(watch.panels()).toEqual([CHART]);
  });

  it('docks a panel a moment after its tab says bye (closed by the user)', () => {
    const { watch, load, changes } = mainPage();
    watch.open(CHART, () => {});
    load(0).page.hide();
    // Not at once: the browser may be quitting, the main page with it, and must not save none.
    expect(watch.panels()).toEqual([CHART]);
    vi.advanceTimersByTime(BYE_GRACE_MS + HEARTBEAT_INTERVAL_MS);
    expect(watch.panels()).toEqual([]);
    expect(changes).toHaveBeenCalledTimes(3);
  });

  it('keeps a tab that said bye and then came back (the back/forward cache)', () => {
    const { watch, load } = mainPage();
    watch.open(CHART, () => {});
    const { page } = load(0);
    page.hide();
    page.show();
    vi.advanceTimersByTime(BYE_GRACE_MS + HEARTBEAT_INTERVAL_MS);
    expect(watch.panels()).toEqual([CHART]);
  });

  it('docks from the tab: the main page docks the panel and the tab closes itself', () => {
    const { watch, load } = mainPage();
    watch.open(CHART, () => {});
    const tab = load(0);
    tab.presence.dock();
    expect(tab.page.closed).toBe(true);
    expect(watch.panels()).toEqual([]);
    vi.advanceTimersByTime(SILENCE_MS); // and it stays docked: the tab says no more
    expect(watch.panels()).toEqual([]);
  });

  it('docks from the main page: the tab is told to close, and a beat already sent is ignored', () => {
    const { watch, load, bus } = mainPage();
    watch.open(CHART, () => {});
    watch.open(ALERTS, () => {});
    const chart = load(0);
    const alerts = load(1);
    // A beat the tab sent before it heard the order, arriving after it.
    const late = bus.open(channelName(SESSION));
    watch.close(CHART);
    expect(chart.page.closed).toBe(true);
    expect(alerts.page.closed).toBe(false);
    late.postMessage({
      kind: 'beat',
      window: { panel: CHART, bounds: TAB_PLACE, displayId: null },
    });
    expect(watch.panels()).toEqual([ALERTS]);
  });

  it('takes a tab that never says hello as blocked, and still takes a late hello', () => {
    const { watch, load, allow } = mainPage();
    const blocked = vi.fn();
    allow(0);
    watch.open(CHART, blocked);
    vi.advanceTimersByTime(HELLO_TIMEOUT_MS - HEARTBEAT_INTERVAL_MS);
    expect(blocked).not.toHaveBeenCalled();
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * 2);
    expect(blocked).toHaveBeenCalledTimes(1);
    expect(watch.panels()).toEqual([]);
    // A slow tab, not a blocked one: its hello after the bound opens it.
    allow(1);
    watch.open(ALERTS, blocked);
    vi.advanceTimersByTime(HELLO_TIMEOUT_MS + HEARTBEAT_INTERVAL_MS);
    expect(blocked).toHaveBeenCalledTimes(2);
    load(0);
    expect(watch.panels()).toEqual([ALERTS]);
  });

  it('saves where a tab moved: a report with new bounds is a change', () => {
    const { watch, load, changes } = mainPage();
    watch.open(CHART, () => {});
    const { page } = load(0);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * 3);
    expect(changes).toHaveBeenCalledTimes(2); // opened, heard: the beats changed nothing
    page.screenX = 400;
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(changes).toHaveBeenCalledTimes(3);
    expect(watch.windows()[0]!.bounds).toEqual({ ...TAB_PLACE, x: 400 });
  });

  it('ignores malformed and foreign messages on its channel', () => {
    const { watch, bus } = mainPage();
    const stranger = bus.open(channelName(SESSION));
    const window = { panel: CHART, bounds: TAB_PLACE, displayId: null };
    for (const junk of [
      null,
      'hello',
      [{ kind: 'hello', window }],
      { kind: 'hello' },
      { kind: 'shout', window },
      { kind: 'close', panel: CHART }, // an order, not a report
      { kind: 'hello', window: { ...window, panel: { panel: 'chart' } } },
      { kind: 'hello', window: { ...window, panel: { panel: 'terminal' } } },
      { kind: 'hello', window: { ...window, bounds: { ...TAB_PLACE, x: 1e9 } } },
      { kind: 'hello', window: { ...window, bounds: { ...TAB_PLACE, width: Number.NaN } } },
      { kind: 'hello', window: { ...window, bounds: { ...TAB_PLACE, height: 10.5 } } },
      { kind: 'hello', window: { ...window, displayId: -1 } },
    ])
      stranger.postMessage(junk);
    expect(watch.panels()).toEqual([]);
    stranger.postMessage({ kind: 'hello', window }); // the same stranger, well formed, is heard
    expect(watch.panels()).toEqual([CHART]);
    // But it cannot make the page hold more tabs than may be saved.
    for (let i = 0; i < MAX_SAVED_WINDOWS * 2; i++)
      stranger.postMessage({
        kind: 'hello',
        window: { ...window, panel: { panel: 'chart', instrument: `X${i}` } },
      });
    expect(watch.panels()).toHaveLength(MAX_SAVED_WINDOWS);
  });

  it('keeps two main pages apart: each hears its own tabs only', () => {
    const bus = channelBus();
    const one = mainPage(bus, SESSION);
    const two = mainPage(bus, OTHER_SESSION);
    one.watch.open(CHART, () => {});
    two.watch.open(CHART, () => {});
    const oneTab = one.load(0);
    expect(one.watch.windows()).toHaveLength(1);
    expect(two.watch.windows()).toEqual([]);
    two.load(0);
    two.watch.close(CHART); // the other page docks its chart: this page's tab stays
    expect(oneTab.page.closed).toBe(false);
    expect(one.watch.panels()).toEqual([CHART]);
  });

  it('takes over the tabs of its session still open after a reload of the main page', () => {
    const bus = channelBus();
    const before = mainPage(bus);
    before.watch.open(ALERTS, () => {});
    before.load(0);
    before.stop(); // the main page reloads; the tab stays
    const after = mainPage(bus);
    expect(after.watch.panels()).toEqual([]);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(after.watch.windows()).toEqual([{ panel: ALERTS, bounds: TAB_PLACE, displayId: null }]);
  });

  it('is joined, when it loads, by the tabs of a main page that went away, and only those', () => {
    const bus = channelBus();
    const closed = mainPage(bus);
    const other = mainPage(bus, OTHER_SESSION);
    closed.watch.open(CHART, () => {});
    other.watch.open(ALERTS, () => {});
    const chart = closed.load(0);
    other.load(0);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    closed.page.hide(); // the main page is closed: its tab says nothing, and waits
    closed.stop();
    vi.advanceTimersByTime(SILENCE_MS * 10);
    expect(chart.page.closed).toBe(false);

    // A main page opened again (a new session) takes the chart's tab, out at once; the other
    // main page's tab stays with it.
    const again = mainPage(bus, NEW_SESSION);
    expect(again.watch.windows()).toEqual([{ panel: CHART, bounds: TAB_PLACE, displayId: null }]);
    expect(chart.url()).toBe(`${PAGE_URL}#panel=chart&instrument=BTC%2FUSD&session=${NEW_SESSION}`);
    expect(other.watch.panels()).toEqual([ALERTS]);
    vi.advanceTimersByTime(SILENCE_MS);
    expect(again.watch.panels()).toEqual([CHART]);
    expect(other.watch.panels()).toEqual([ALERTS]);
    // Docked from its tab, it docks in the new page.
    chart.presence.dock();
    expect(again.watch.panels()).toEqual([]);
  });

  it('is joined by a tab whose main page fell silent (crashed), not by one whose page answers', () => {
    const bus = channelBus();
    const crashed = mainPage(bus);
    crashed.watch.open(CHART, () => {});
    const chart = crashed.load(0);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    crashed.stop(); // no pagehide: the page's renderer died
    // Within the missed beats its page may yet answer: a page loading now does not take it.
    const early = mainPage(bus, NEW_SESSION);
    expect(early.watch.panels()).toEqual([]);
    early.stop();
    vi.advanceTimersByTime(SILENCE_MS);
    const late = mainPage(bus, OTHER_SESSION);
    expect(late.watch.panels()).toEqual([CHART]);
    late.watch.close(CHART); // and the new page's orders reach it
    expect(chart.page.closed).toBe(true);
  });

  it('never takes a tab of another token (an earlier run of the host on this port)', () => {
    const bus = channelBus();
    const earlier = mainPage(bus);
    earlier.watch.open(CHART, () => {});
    earlier.load(0);
    earlier.page.hide();
    earlier.stop();
    const now = mainPage(bus, NEW_SESSION, 'http://127.0.0.1:5180/?token=def');
    vi.advanceTimersByTime(SILENCE_MS);
    expect(now.watch.panels()).toEqual([]);
  });
});
