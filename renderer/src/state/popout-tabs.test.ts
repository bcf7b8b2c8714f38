import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  channelBus,
  fakePage,
  fakeTabHost,
  loadTab,
  PAGE_URL,
  SESSION,
} from '../../../test-support/popout-tabs';
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
const STRANGER_TAB = 'c9e5a1f3-4444-4d8e-a0b1-3b4c5d6e7f80';
/** Another tab's window, as a page reports it. */
const ELSEWHERE = { screenX: 900, screenY: 10, outerWidth: 640, outerHeight: 400 };
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
      tab: STRANGER_TAB,
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
    const tab = STRANGER_TAB;
    for (const junk of [
      null,
      'hello',
      [{ kind: 'hello', window, tab }],
      { kind: 'hello' },
      { kind: 'shout', window, tab },
      { kind: 'close', panel: CHART }, // an order, not a report
      { kind: 'hello', window }, // no tab
      { kind: 'hello', window, tab: '<tab>' },
      { kind: 'hello', window: { ...window, panel: { panel: 'chart' } }, tab },
      { kind: 'hello', window: { ...window, panel: { panel: 'terminal' } }, tab },
      { kind: 'hello', window: { ...window, bounds: { ...TAB_PLACE, x: 1e9 } }, tab },
      { kind: 'hello', window: { ...window, bounds: { ...TAB_PLACE, width: Number.NaN } }, tab },
      { kind: 'hello', window: { ...window, bounds: { ...TAB_PLACE, height: 10.5 } }, tab },
      { kind: 'hello', window: { ...window, displayId: -1 }, tab },
    ])
      stranger.postMessage(junk);
    expect(watch.panels()).toEqual([]);
    stranger.postMessage({ kind: 'hello', window, tab }); // the same stranger, well formed, is heard
    expect(watch.panels()).toEqual([CHART]);
    // But it cannot make the page hold more tabs than may be saved.
    for (let i = 0; i < MAX_SAVED_WINDOWS * 2; i++)
      stranger.postMessage({
        kind: 'hello',
        window: { ...window, panel: { panel: 'chart', instrument: `X${i}` } },
        tab,
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

  it('is joined at once by a tab whose main page crashed (its lock let go), not by one whose page lives', async () => {
    const bus = channelBus();
    const crashed = mainPage(bus);
    const other = mainPage(bus, OTHER_SESSION);
    crashed.watch.open(CHART, () => {});
    other.watch.open(ALERTS, () => {});
    const chart = crashed.load(0);
    other.load(0);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    crashed.stop(); // no pagehide, no gone: the page's renderer died, and the browser let its lock go
    // A page loading at once, well within the missed beats, takes the crashed page's tab.
    const again = mainPage(bus, NEW_SESSION);
    await vi.advanceTimersByTimeAsync(0);
    expect(again.watch.windows()).toEqual([{ panel: CHART, bounds: TAB_PLACE, displayId: null }]);
    expect(chart.url()).toContain(`session=${NEW_SESSION}`);
    // The live page's tab stays with it, then and later.
    await vi.advanceTimersByTimeAsync(SILENCE_MS * 2);
    expect(again.watch.panels()).toEqual([CHART]);
    expect(other.watch.panels()).toEqual([ALERTS]);
    again.watch.close(CHART); // and the new page's orders reach it
    expect(chart.page.closed).toBe(true);
  });

  it('without locks (no secure context), is joined by a crashed page’s tab once its beats are missed', async () => {
    const bus = channelBus();
    bus.locks.unknown();
    const crashed = mainPage(bus);
    const other = mainPage(bus, OTHER_SESSION);
    crashed.watch.open(CHART, () => {});
    other.watch.open(ALERTS, () => {});
    crashed.load(0);
    other.load(0);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    crashed.stop();
    // Within the missed beats the page may yet answer: the tab waits, and does not join yet...
    const again = mainPage(bus, NEW_SESSION);
    await vi.advanceTimersByTimeAsync(0);
    expect(again.watch.panels()).toEqual([]);
    // ...but it remembers the call: joined when the beats are missed, not at the next load.
    await vi.advanceTimersByTimeAsync(SILENCE_MS + HEARTBEAT_INTERVAL_MS);
    expect(again.watch.panels()).toEqual([CHART]);
    // The live page answered: its tab dropped the call, and stays when its page closes later.
    expect(other.watch.panels()).toEqual([ALERTS]);
    other.page.hide();
    other.stop();
    await vi.advanceTimersByTimeAsync(SILENCE_MS);
    expect(again.watch.panels()).toEqual([CHART]);
  });

  it('keeps one tab a panel: a copy of the tab is told it is a duplicate, and the first keeps it', () => {
    const { watch, load, opened, bus } = mainPage();
    watch.open(CHART, () => {});
    const first = load(0);
    // The user duplicates the tab: the copy has its URL, so its session, in another place.
    const copy = loadTab(opened[0]!, bus, fakePage({ ...ELSEWHERE }));
    expect(copy.duplicate()).toBe(true);
    expect(first.duplicate()).toBe(false);
    vi.advanceTimersByTime(SILENCE_MS);
    // The page's window is the first tab's, beat after beat (the copy's place is never saved).
    expect(watch.windows()).toEqual([{ panel: CHART, bounds: TAB_PLACE, displayId: null }]);
    watch.close(CHART);
    expect(first.page.closed).toBe(true);
    expect(watch.panels()).toEqual([]);
  });

  it('keeps one of two orphan tabs of a panel when both join a new page; a reloaded tab is no duplicate', async () => {
    const bus = channelBus();
    const one = mainPage(bus);
    const two = mainPage(bus, OTHER_SESSION);
    one.watch.open(CHART, () => {});
    two.watch.open(CHART, () => {});
    const kept = one.load(0);
    const spare = two.load(0, fakePage({ ...ELSEWHERE }));
    one.stop(); // both pages crash
    two.stop();
    const again = mainPage(bus, NEW_SESSION);
    await vi.advanceTimersByTimeAsync(SILENCE_MS);
    expect([kept.duplicate(), spare.duplicate()]).toEqual([false, true]);
    expect(again.watch.windows()).toEqual([{ panel: CHART, bounds: TAB_PLACE, displayId: null }]);
    // The kept tab is reloaded: its bye, then a new load of it (a new id), keeps the panel.
    kept.page.hide();
    kept.presence.stop();
    const reloaded = loadTab(kept.url(), bus, fakePage({ ...ELSEWHERE }));
    expect(reloaded.duplicate()).toBe(false);
    await vi.advanceTimersByTimeAsync(SILENCE_MS);
    const moved = { x: 900, y: 10, width: 640, height: 400 };
    expect(again.watch.windows()).toEqual([{ panel: CHART, bounds: moved, displayId: null }]);
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
