import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type TickdeckApi } from '../../../protocol/ipc';
import type { SavedWindow } from '../../../protocol/saved-windows';
import { channelBus, fakeTabHost } from '../../../test-support/popout-tabs';
import { HEARTBEAT_INTERVAL_MS, HELLO_TIMEOUT_MS } from './popout-channel';
import { Popouts } from './popouts.svelte';
import { SavedTabs } from './saved-tabs.svelte';

const place = (x: number) => ({ x, y: 40, width: 700, height: 450 });
const CHART: SavedWindow = {
  panel: { panel: 'chart', instrument: 'ACME' },
  bounds: place(10),
  displayId: null,
};
const ALERTS: SavedWindow = { panel: { panel: 'alerts' }, bounds: place(20), displayId: 2 };
const SPORTS: SavedWindow = { panel: { panel: 'sports' }, bounds: place(30), displayId: null };
/** Where the fake tab host puts every tab. */
const TAB_PLACE = { x: 100, y: 50, width: 800, height: 600 };

function setup(host: 'web' | 'desktop', windows: readonly SavedWindow[] = [], bus = channelBus()) {
  const saves: SavedWindow[][] = [];
  const invoke = vi.fn(async (channel: string, ...args: unknown[]): Promise<unknown> => {
    if (channel === 'settings:get') return { ...DEFAULT_SETTINGS, windows };
    if (channel === 'window:tabs') saves.push(args[0] as SavedWindow[]);
    return null;
  });
  const api = { host, invoke, on: vi.fn(() => () => {}) } as unknown as TickdeckApi;
  const tabs = fakeTabHost(bus);
  const errors: string[] = [];
  // The pop-outs report to the saved tabs, which are made after them (as in App.svelte).
  const onTabs = { save: () => {} };
  const popouts = new Popouts(
    api,
    () => tabs.host,
    () => onTabs.save(),
  );
  const saved = new SavedTabs(api, popouts, (m) => errors.push(m));
  onTabs.save = saved.save;
  const stop = popouts.start();
  return { saved, popouts, tabs, saves, invoke, errors, stop };
}

/** Past the time a tab just opened has to say hello. */
const NO_HELLO_MS = HELLO_TIMEOUT_MS + HEARTBEAT_INTERVAL_MS;

beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }));
afterEach(() => vi.useRealTimers());

describe('SavedTabs (browser mode)', () => {
  it('offers the tabs saved last time after a reload, and opens nothing by itself', async () => {
    const { saved, tabs, saves } = setup('web', [CHART, ALERTS]);
    saved.load();
    await vi.waitFor(() => expect(saved.offered).toEqual([CHART, ALERTS]));
    expect(tabs.host.open).not.toHaveBeenCalled();
    // Nothing changed yet: the saved list is left as it was.
    expect(saves).toEqual([]);
  });

  it('opens the offered tabs on a click, and offers again those the browser blocked', () => {
    const { saved, popouts, tabs, saves } = setup('web');
    saved.offer([CHART, ALERTS, SPORTS]);
    tabs.allow(1); // the browser allows one tab a click: the others never open
    saved.reopen();
    expect(tabs.opened).toEqual([
      expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:5180\/\?token=abc#panel=chart&instrument=ACME&session=/,
      ),
    ]);
    expect(saved.offered).toEqual([]); // opening: not offered twice
    // Saved meanwhile: all three, so a reload now loses none.
    expect(saves.at(-1)).toEqual([CHART, ALERTS, SPORTS]);
    tabs.load(0);
    expect(saves.at(-1)).toEqual([{ ...CHART, bounds: TAB_PLACE }, ALERTS, SPORTS]);
    vi.advanceTimersByTime(NO_HELLO_MS); // the other two never said hello: blocked
    expect(popouts.panels).toEqual([CHART.panel]);
    expect(saved.offered).toEqual([ALERTS, SPORTS]);
    expect(saved.blocked).toBe(true);
    tabs.allow(Infinity); // pop-ups allowed for the page
    saved.reopen();
    expect(saved.blocked).toBe(false);
    tabs.load(1);
    tabs.load(2);
    expect(popouts.panels).toEqual([CHART.panel, ALERTS.panel, SPORTS.panel]);
    vi.advanceTimersByTime(NO_HELLO_MS);
    expect(saved.offered).toEqual([]);
    expect(saved.blocked).toBe(false);
    expect(saves.at(-1)!.map((w) => w.panel)).toEqual([CHART.panel, ALERTS.panel, SPORTS.panel]);
  });

  it('stops offering a saved tab once that tab is heard (still open from before a reload)', () => {
    const bus = channelBus();
    const before = setup('web', [], bus);
    before.popouts.popOut(ALERTS.panel);
    before.tabs.load(0);
    before.stop(); // the main page reloads; its tab stays open
    const after = setup('web', [], bus);
    after.saved.offer([CHART, ALERTS]);
    expect(after.saved.offered).toEqual([CHART, ALERTS]);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS); // the tab's next beat
    expect(after.popouts.panels).toEqual([ALERTS.panel]);
    expect(after.saved.offered).toEqual([CHART]);
    expect(after.saves.at(-1)).toEqual([{ ...ALERTS, bounds: TAB_PLACE, displayId: null }, CHART]);
  });

  it('forgets the offered tabs when dismissed, keeping the open ones', () => {
    const { saved, popouts, tabs, saves } = setup('web');
    popouts.popOut(SPORTS.panel);
    tabs.load(0);
    saved.offer([CHART, SPORTS]);
    expect(saved.offered).toEqual([CHART]); // sports is open already
    saved.dismiss();
    expect(saved.offered).toEqual([]);
    expect(saves.at(-1)).toEqual([{ ...SPORTS, bounds: TAB_PLACE, displayId: null }]);
  });

  it('on a workspace switch closes the tabs it lacks and offers its others', () => {
    const { saved, popouts, tabs, saves } = setup('web');
    popouts.popOut(CHART.panel);
    popouts.popOut(SPORTS.panel);
    const chart = tabs.load(0);
    const sports = tabs.load(1);
    saved.arrange([SPORTS, ALERTS]);
    expect(chart.page.closed).toBe(true);
    expect(sports.page.closed).toBe(false);
    expect(popouts.panels).toEqual([SPORTS.panel]);
    expect(saved.offered).toEqual([ALERTS]);
    expect(saves.at(-1)).toEqual([{ ...SPORTS, bounds: TAB_PLACE }, ALERTS]);
  });

  it('says so when the host would not save the list', async () => {
    const { saved, invoke, errors } = setup('web');
    invoke.mockRejectedValueOnce(new Error('window:tabs: windows[0].bounds.x: expected ...'));
    saved.dismiss();
    await vi.waitFor(() =>
      expect(errors).toEqual([
        expect.stringMatching(/^Could not save the pop-out tabs: window:tabs/),
      ]),
    );
  });
});

describe('SavedTabs in the desktop app', () => {
  it('does nothing: main reopens and saves the windows itself', async () => {
    const { saved, invoke } = setup('desktop', [CHART]);
    saved.load();
    saved.offer([CHART]);
    saved.arrange([CHART]);
    saved.dismiss();
    await Promise.resolve();
    expect(saved.offered).toEqual([]);
    expect(invoke).not.toHaveBeenCalledWith('settings:get');
    expect(invoke).not.toHaveBeenCalledWith('window:tabs', expect.anything());
  });
});
