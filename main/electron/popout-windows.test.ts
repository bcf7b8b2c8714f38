import type { WebContents } from 'electron';
import { screen } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SavedWindow } from '../../protocol/saved-windows';
import { MAX_SAVED_WINDOWS, POPOUT_SIZE, readSavedWindows } from '../../protocol/saved-windows';
import type * as Fake from '../../test-support/electron-fake';
import { BrowserWindow } from '../../test-support/electron-fake';
import { PopoutWindows } from './popout-windows';
import { createMainWindow } from './main-window-place';

const CHART = { panel: 'chart', instrument: 'BTC/USD' } as const;
const PRIMARY = { id: 1, scaleFactor: 2, workArea: { x: 0, y: 0, width: 1440, height: 875 } };
const RIGHT = { id: 2, scaleFactor: 1, workArea: { x: 1440, y: 0, width: 1920, height: 1080 } };

function setup() {
  const detach = vi.fn();
  const connect = vi.fn((_contents: WebContents) => detach);
  const save = vi.fn((_windows: readonly SavedWindow[]) => {});
  const changed = vi.fn();
  const notify = vi.fn();
  const popouts = new PopoutWindows({
    preload: '/app/preload.cjs',
    pageUrl: 'app://tickdeck/index.html',
    isPackaged: true,
    connect,
    save,
    changed,
    notify,
  });
  const last = () => BrowserWindow.instances.at(-1)! as Fake.BrowserWindow;
  return { popouts, connect, detach, save, changed, notify, last };
}

describe('PopoutWindows', () => {
  beforeEach(() => {
    vi.useRealTimers();
    vi.mocked(screen.getAllDisplays).mockReturnValue([PRIMARY, RIGHT] as never);
    vi.mocked(screen.getPrimaryDisplay).mockReturnValue(PRIMARY as never);
  });

  it('opens a window with exactly the main window’s hardened preferences, showing the panel', () => {
    const { popouts, last } = setup();
    const main = createMainWindow({
      preload: '/app/preload.cjs',
      url: 'app://tickdeck/index.html',
      isPackaged: true,
      saved: null,
      save: () => {},
    }) as unknown as Fake.BrowserWindow;
    expect(popouts.popOut(CHART)).toEqual([CHART]);
    const win = last();
    expect(win).not.toBe(main);
    expect(win.options.webPreferences).toEqual(main.options.webPreferences);
    expect(win.options).toMatchObject({ show: false, ...POPOUT_SIZE });
    expect(win.webContents.loadURL).toHaveBeenCalledWith(
      'app://tickdeck/index.html#panel=chart&instrument=BTC%2FUSD',
    );
    // The same content guards: no navigation away, no window.open.
    const navigation = { url: 'https://evil.example/', preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    const openHandler = win.webContents.setWindowOpenHandler.mock.calls[0]![0] as (d: {
      url: string;
    }) => unknown;
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(popouts.contents()).toEqual([win.webContents]);
  });

  it('gives each load of a pop-out page a consumer of its own, and drops it with the window', () => {
    const { popouts, connect, detach, last } = setup();
    popouts.popOut({ panel: 'sports' });
    const win = last();
    expect(connect).not.toHaveBeenCalled();
    win.webContents.emit('did-finish-load');
    win.webContents.emit('did-finish-load'); // a reload: the old port goes
    expect(connect).toHaveBeenCalledTimes(2);
    expect(connect).toHaveBeenCalledWith(win.webContents);
    expect(detach).toHaveBeenCalledTimes(1);
    win.close();
    expect(detach).toHaveBeenCalledTimes(2);
  });

  it('brings an open panel forward instead of opening it twice, and bounds the count', () => {
    const { popouts, last } = setup();
    popouts.popOut(CHART);
    const win = last();
    const count = BrowserWindow.instances.length;
    expect(popouts.popOut({ ...CHART })).toEqual([CHART]);
    expect(win.focus).toHaveBeenCalled();
    expect(BrowserWindow.instances.length).toBe(count);
    for (let i = 1; i < MAX_SAVED_WINDOWS; i++)
      popouts.popOut({ panel: 'chart', instrument: `I${i}` });
    expect(() => popouts.popOut({ panel: 'alerts' })).toThrow(/at most 16 pop-out windows/);
  });

  it('saves what each window shows, where, and on which display; docking forgets it', () => {
    const { popouts, save, changed, last } = setup();
    popouts.popOut(CHART);
    const win = last();
    win.getNormalBounds.mockReturnValue({ x: 1600, y: 100, width: 700, height: 450 });
    win.close();
    // Saved as it closed (geometry and display), then without it: it is docked.
    expect(save.mock.calls.at(-2)![0]).toEqual([
      { panel: CHART, bounds: { x: 1600, y: 100, width: 700, height: 450 }, displayId: 2 },
    ]);
    expect(save.mock.calls.at(-1)![0]).toEqual([]);
    expect(changed).toHaveBeenLastCalledWith([]);
    expect(popouts.panels()).toEqual([]);
  });

  it('saves a window stretched wider than a setting holds at the widest it holds, and the others with it', () => {
    const { popouts, save, last } = setup();
    popouts.popOut({ panel: 'watchlist' });
    popouts.popOut(CHART);
    // Over a wall of six 4K displays side by side.
    last().getNormalBounds.mockReturnValue({ x: -3840, y: 0, width: 23_040, height: 2160 });
    popouts.dock({ panel: 'watchlist' });
    const saved = save.mock.calls.at(-1)![0];
    expect(readSavedWindows(saved)).toEqual({ windows: saved, problems: [] });
    expect(saved.map((w) => w.bounds.width)).toEqual([16_384]);
  });

  it('saves a moved window after a quiet spell', () => {
    vi.useFakeTimers();
    const { popouts, save, last } = setup();
    popouts.popOut({ panel: 'watchlist' });
    const win = last();
    save.mockClear();
    win.getNormalBounds.mockReturnValue({ x: 20, y: 30, width: 500, height: 600 });
    win.emit('moved');
    win.emit('resized');
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith([
      {
        panel: { panel: 'watchlist' },
        bounds: { x: 20, y: 30, width: 500, height: 600 },
        displayId: 1,
      },
    ]);
  });

  it('reopens saved windows where they were, and on the primary display when theirs is gone', () => {
    const { popouts, changed } = setup();
    vi.mocked(screen.getAllDisplays).mockReturnValue([PRIMARY] as never); // the right one unplugged
    popouts.restore([
      { panel: CHART, bounds: { x: 2000, y: 100, width: 1600, height: 500 }, displayId: 2 },
      {
        panel: { panel: 'alerts' },
        bounds: { x: -50, y: 700, width: 400, height: 300 },
        displayId: 1,
      },
    ]);
    const [chart, alerts] = BrowserWindow.instances.slice(-2) as Fake.BrowserWindow[];
    // Centred on the primary display, shrunk to its width: wholly visible.
    expect(chart!.options).toMatchObject({ x: 0, y: 187, width: 1440, height: 500 });
    // Still on its display, pulled back onto it.
    expect(alerts!.options).toMatchObject({ x: 0, y: 575, width: 400, height: 300 });
    expect(changed).toHaveBeenCalledWith([CHART, { panel: 'alerts' }]);
  });

  it('switching workspaces A→B→A closes the pop-outs not in the next one and opens or moves its own to their places', () => {
    const { popouts, save, changed } = setup();
    const first = BrowserWindow.instances.length; // earlier tests' windows are not ours
    const open = () =>
      (BrowserWindow.instances.slice(first) as Fake.BrowserWindow[]).filter(
        (w) => !w.isDestroyed(),
      );
    const title = (w: Fake.BrowserWindow) => w.options.title;
    const ALERTS = { panel: 'alerts' } as const;
    const WATCHLIST = { panel: 'watchlist' } as const;
    const a: SavedWindow[] = [
      { panel: CHART, bounds: { x: 1600, y: 100, width: 700, height: 450 }, displayId: 2 },
      { panel: ALERTS, bounds: { x: 40, y: 500, width: 400, height: 300 }, displayId: 1 },
    ];
    const b: SavedWindow[] = [
      { panel: CHART, bounds: { x: 100, y: 50, width: 800, height: 500 }, displayId: 1 },
      // Saved on a display that is not connected now: centred on the primary one.
      { panel: WATCHLIST, bounds: { x: 5000, y: 0, width: 500, height: 700 }, displayId: 9 },
    ];

    popouts.arrange(a);
    expect(open()).toHaveLength(2);
    const chart = open().find((w) => title(w) === 'BTC/USD chart — Tickdeck')!;
    expect(chart.options).toMatchObject(a[0]!.bounds);
    expect(open().find((w) => title(w) === 'Alerts panel — Tickdeck')!.options).toMatchObject(
      a[1]!.bounds,
    );
    expect(popouts.panels()).toEqual([CHART, ALERTS]);

    popouts.arrange(b);
    // The alert log docked; the chart stayed open and moved; the watchlist opened.
    expect(open()).toHaveLength(2);
    expect(open().map(title)).not.toContain('Alerts panel — Tickdeck');
    expect(open()).toContain(chart);
    expect(chart.setBounds).toHaveBeenLastCalledWith(b[0]!.bounds);
    expect(open().find((w) => title(w) === 'Watchlist — Tickdeck')!.options).toMatchObject({
      x: 470,
      y: 87,
      width: 500,
      height: 700,
    });
    expect(popouts.panels()).toEqual([CHART, WATCHLIST]);
    expect(changed).toHaveBeenLastCalledWith([CHART, WATCHLIST]);

    popouts.arrange(a);
    expect(open()).toHaveLength(2);
    expect(open().map(title)).not.toContain('Watchlist — Tickdeck');
    expect(chart.setBounds).toHaveBeenLastCalledWith(a[0]!.bounds);
    expect(open().find((w) => title(w) === 'Alerts panel — Tickdeck')!.options).toMatchObject(
      a[1]!.bounds,
    );
    expect(popouts.panels()).toEqual([CHART, ALERTS]);
    // What is saved last is what is open: A's windows, each on its display.
    expect(save.mock.calls.at(-1)![0].map((w) => w.panel)).toEqual([CHART, ALERTS]);

    popouts.arrange([]);
    expect(open()).toEqual([]);
    expect(popouts.panels()).toEqual([]);
    expect(save).toHaveBeenLastCalledWith([]);
  });

  it('closes every pop-out with the main window without forgetting them', () => {
    const { popouts, save, last } = setup();
    popouts.popOut(CHART);
    const win = last();
    save.mockClear();
    popouts.closeAll();
    expect(win.close).toHaveBeenCalled();
    // Saved once, with the window, and never without it.
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]![0]).toHaveLength(1);
    expect(popouts.panels()).toEqual([]);
    popouts.restore(save.mock.calls[0]![0]);
    expect(popouts.panels()).toEqual([CHART]);
    expect(last()).not.toBe(win);
  });

  it('reloads a crashed pop-out page once by itself, and docks its panel when it dies again', () => {
    const { popouts, notify, detach, changed, last } = setup();
    popouts.popOut(CHART);
    const win = last();
    win.webContents.emit('did-finish-load');
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(detach).toHaveBeenCalledTimes(1);
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenLastCalledWith({
      level: 'warning',
      message: 'The popped-out BTC/USD chart crashed and was reloaded.',
    });
    win.webContents.emit('did-finish-load');
    win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
    expect(win.close).toHaveBeenCalled();
    expect(popouts.panels()).toEqual([]);
    expect(changed).toHaveBeenLastCalledWith([]);
    expect(notify).toHaveBeenLastCalledWith({
      level: 'warning',
      message: 'The popped-out BTC/USD chart ran out of memory again and was docked here.',
    });
  });

  it('neither reloads nor docks a pop-out whose page goes with the main window', () => {
    const { popouts, notify, save, last } = setup();
    popouts.popOut(CHART);
    const win = last();
    popouts.closeAll();
    save.mockClear();
    win.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 0 });
    expect(win.webContents.reload).not.toHaveBeenCalled();
    expect(notify).not.toHaveBeenCalled();
    expect(save).not.toHaveBeenCalled();
  });
});
