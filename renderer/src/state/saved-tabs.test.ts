import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type TickdeckApi } from '../../../protocol/ipc';
import type { SavedWindow } from '../../../protocol/saved-windows';
import { fakeTabHost } from '../../../test-support/popout-tabs';
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

function setup(host: 'web' | 'desktop', windows: readonly SavedWindow[] = []) {
  const saves: SavedWindow[][] = [];
  const invoke = vi.fn(async (channel: string, ...args: unknown[]): Promise<unknown> => {
    if (channel === 'settings:get') return { ...DEFAULT_SETTINGS, windows };
    if (channel === 'window:tabs') saves.push(args[0] as SavedWindow[]);
    return null;
  });
  const api = { host, invoke, on: vi.fn(() => () => {}) } as unknown as TickdeckApi;
  const tabs = fakeTabHost();
  const errors: string[] = [];
  // The pop-outs report to the saved tabs, which are made after them (as in App.svelte).
  const onTabs = { save: () => {} };
  const popouts = new Popouts(api, tabs.host, () => onTabs.save());
  const saved = new SavedTabs(api, popouts, (m) => errors.push(m));
  onTabs.save = saved.save;
  return { saved, popouts, tabs, saves, invoke, errors };
}

describe('SavedTabs (browser mode)', () => {
  it('offers the tabs saved last time after a reload, and opens nothing by itself', async () => {
    const { saved, tabs, saves } = setup('web', [CHART, ALERTS]);
    saved.load();
    await vi.waitFor(() => expect(saved.offered).toEqual([CHART, ALERTS]));
    expect(tabs.host.open).not.toHaveBeenCalled();
    // Nothing changed yet: the saved list is left as it was.
    expect(saves).toEqual([]);
  });

  it('opens what the browser allows on each click and keeps offering the rest', () => {
    const { saved, popouts, tabs, saves } = setup('web');
    saved.offer([CHART, ALERTS, SPORTS]);
    tabs.allow(1); // the browser allows one tab a click: the second call is refused
    saved.reopen();
    expect(popouts.panels).toEqual([CHART.panel]);
    expect(tabs.opened[0]!.url).toBe(
      'http://127.0.0.1:5180/?token=abc#panel=chart&instrument=ACME',
    );
    expect(saved.offered).toEqual([ALERTS, SPORTS]);
    expect(saved.blocked).toBe(true);
    // Saved: the open tab where it is, and the two still offered, so a reload loses neither.
    expect(saves.at(-1)).toEqual([{ ...CHART, bounds: TAB_PLACE }, ALERTS, SPORTS]);
    tabs.allow(Infinity); // pop-ups allowed for the page
    saved.reopen();
    expect(popouts.panels).toEqual([CHART.panel, ALERTS.panel, SPORTS.panel]);
    expect(saved.offered).toEqual([]);
    expect(saved.blocked).toBe(false);
    expect(saves.at(-1)!.map((w) => w.panel)).toEqual([CHART.panel, ALERTS.panel, SPORTS.panel]);
  });

  it('forgets the offered tabs when dismissed, keeping the open ones', () => {
    const { saved, popouts, saves } = setup('web');
    popouts.popOut(SPORTS.panel);
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
    saved.arrange([SPORTS, ALERTS]);
    expect(tabs.opened[0]!.tab.closed).toBe(true);
    expect(tabs.opened[1]!.tab.closed).toBe(false);
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
