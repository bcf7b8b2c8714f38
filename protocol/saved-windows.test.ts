import { describe, expect, it } from 'vitest';
import { validateCommandArgs } from './commands';
import { readSettings } from './settings-read';
import {
  MAX_SAVED_WINDOWS,
  MAX_WINDOW_OFFSET_PX,
  MAX_WINDOW_SIDE_PX,
  MIN_WINDOW_SIDE_PX,
  readSavedWindows,
} from './saved-windows';

const CHART = {
  panel: { panel: 'chart', instrument: 'ACME' },
  bounds: { x: 1920, y: 40, width: 800, height: 500 },
  displayId: 2,
};
const ALERTS = {
  panel: { panel: 'alerts' },
  bounds: { x: 0, y: 0, width: 400, height: 300 },
  displayId: null,
};

describe('readSavedWindows', () => {
  it('keeps good windows as fresh objects', () => {
    const read = readSavedWindows([{ ...CHART, extra: 1 }, ALERTS]);
    expect(read).toEqual({ windows: [CHART, ALERTS], problems: [] });
  });

  it('bounds every number, naming the window and the field, and keeps the good ones', () => {
    const bad = (bounds: object) => ({ ...CHART, bounds: { ...CHART.bounds, ...bounds } });
    const read = readSavedWindows([
      bad({ x: MAX_WINDOW_OFFSET_PX + 1 }),
      bad({ y: 1.5 }),
      bad({ width: MIN_WINDOW_SIDE_PX - 1 }),
      bad({ height: MAX_WINDOW_SIDE_PX + 1 }),
      { ...CHART, displayId: -1 },
      { ...CHART, panel: { panel: 'depth' } },
      'x',
      ALERTS,
    ]);
    expect(read.windows).toEqual([ALERTS]);
    expect(read.problems).toEqual([
      `windows[0].bounds.x: expected a whole number of px from ${-MAX_WINDOW_OFFSET_PX} to ${MAX_WINDOW_OFFSET_PX}`,
      expect.stringMatching(/^windows\[1\]\.bounds\.y: /),
      expect.stringMatching(/^windows\[2\]\.bounds\.width: /),
      expect.stringMatching(/^windows\[3\]\.bounds\.height: /),
      'windows[4].displayId: expected a display id or null',
      'windows[5].panel: expected one of chart, sports, watchlist, alerts',
      'windows[6]: expected an object',
    ]);
    expect(readSavedWindows(bad({ x: -MAX_WINDOW_OFFSET_PX })).problems).toEqual([
      'windows: expected a list',
    ]);
    expect(readSavedWindows([bad({ x: -MAX_WINDOW_OFFSET_PX })]).problems).toEqual([]);
  });

  it('drops a second window of the same panel and windows past the limit', () => {
    const charts = Array.from({ length: MAX_SAVED_WINDOWS + 1 }, (_, i) => ({
      ...CHART,
      panel: { panel: 'chart', instrument: `I${i}` },
    }));
    const read = readSavedWindows([CHART, CHART, ...charts]);
    expect(read.windows).toHaveLength(MAX_SAVED_WINDOWS);
    expect(read.problems).toEqual([
      'windows[1]: a second window of chart-ACME',
      `windows[${MAX_SAVED_WINDOWS + 1}] and the 1 after it: more than ${MAX_SAVED_WINDOWS} windows`,
    ]);
  });

  it("names a bounded number of problems in a hostile file's 100,000 entries", () => {
    const charts = (n: number, at: number) =>
      Array.from({ length: n }, (_, i) => ({
        ...CHART,
        panel: { panel: 'chart', instrument: `I${at + i}` },
      }));
    const bad = { ...CHART, bounds: { x: 0, y: 0, width: 1e9, height: 100 } };
    const read = readSavedWindows([
      ...Array.from({ length: 50_000 }, () => bad),
      ...charts(50_000, 0),
    ]);
    expect(read.windows).toEqual(charts(MAX_SAVED_WINDOWS, 0));
    expect(read.problems).toHaveLength(MAX_SAVED_WINDOWS + 2);
    expect(read.problems.slice(-2)).toEqual([
      `windows: ${50_000 - MAX_SAVED_WINDOWS} more bad entries`,
      `windows[${50_000 + MAX_SAVED_WINDOWS}] and the ${50_000 - MAX_SAVED_WINDOWS - 1} after it: more than ${MAX_SAVED_WINDOWS} windows`,
    ]);
  });
});

describe('the windows setting', () => {
  it('loads window by window from the settings file, reporting the bad ones', () => {
    const { settings, problems } = readSettings({
      theme: 'light',
      windows: [CHART, { ...ALERTS, bounds: null }],
    });
    expect(settings.windows).toEqual([CHART]);
    expect(settings.theme).toBe('light');
    expect(problems).toEqual(['windows[1].bounds: expected {x, y, width, height}']);
    expect(readSettings({}).settings.windows).toEqual([]);
  });

  it('is not the page’s to set', () => {
    expect(validateCommandArgs('settings:update', [{ windows: [] }])).toEqual({
      ok: false,
      error:
        'settings:update: windows: saved by the desktop app as windows open, move and close, not by the page',
    });
  });

  it('pop-out commands take a checked panel', () => {
    expect(validateCommandArgs('window:popout', [{ panel: 'sports' }]).ok).toBe(true);
    expect(validateCommandArgs('window:dock', [{ panel: 'chart' }])).toMatchObject({
      ok: false,
      error: /^window:dock: instrument: /,
    });
  });
});

describe('the mainWindow setting', () => {
  const MAIN = {
    bounds: { x: -1280, y: 0, width: 1280, height: 800 },
    displayId: 3,
    maximized: true,
  };

  it('loads from the settings file as a fresh object; a bad one falls back to none, reported', () => {
    const { settings, problems } = readSettings({ mainWindow: MAIN });
    expect(settings.mainWindow).toEqual(MAIN);
    expect(settings.mainWindow?.bounds).not.toBe(MAIN.bounds);
    expect(problems).toEqual([]);
    expect(readSettings({}).settings.mainWindow).toBeNull();
    for (const [bad, problem] of [
      [
        { ...MAIN, bounds: { ...MAIN.bounds, width: MAX_WINDOW_SIDE_PX + 1 } },
        /^mainWindow\.bounds\.width: /,
      ],
      [{ ...MAIN, displayId: -1 }, /^mainWindow\.displayId: expected a display id or null/],
      [{ ...MAIN, maximized: 'yes' }, /^mainWindow\.maximized: expected true or false/],
      [[MAIN], /^mainWindow: expected an object or null/],
    ] as const) {
      const read = readSettings({ mainWindow: bad, theme: 'light' });
      expect(read.settings.mainWindow).toBeNull();
      expect(read.settings.theme).toBe('light');
      expect(read.problems).toEqual([expect.stringMatching(problem)]);
    }
  });

  it('is not the page’s to set', () => {
    expect(validateCommandArgs('settings:update', [{ mainWindow: MAIN }])).toEqual({
      ok: false,
      error:
        'settings:update: mainWindow: saved by the desktop app as the window moves and closes, not by the page',
    });
  });
});
