import { describe, expect, it } from 'vitest';
import { checkPanelSizes, readPanelSizes } from './panel-sizes-check';
import { DEFAULT_SETTINGS } from './settings';
import { MAX_PANEL_PX } from './panel-sizes';

const panels = DEFAULT_SETTINGS.panels;

describe('checkPanelSizes', () => {
  it('accepts the defaults and sizes from 0 to the bound', () => {
    expect(checkPanelSizes(panels)).toBeNull();
    expect(checkPanelSizes({ ...panels, watchlistPx: 0, depthPx: MAX_PANEL_PX })).toBeNull();
  });

  it('refuses a size past the bound, a fraction, a folded flag that is not a boolean', () => {
    expect(checkPanelSizes({ ...panels, depthPx: MAX_PANEL_PX + 1 })).toBe(
      `panels.depthPx: expected null or a whole number of px from 0 to ${MAX_PANEL_PX}`,
    );
    expect(checkPanelSizes({ ...panels, sportsPx: 10.5 })).toMatch(/^panels.sportsPx: /);
    expect(checkPanelSizes({ ...panels, tapePx: -1 })).toMatch(/^panels.tapePx: /);
    expect(checkPanelSizes({ ...panels, alertsFolded: 1 })).toBe(
      'panels.alertsFolded: expected true or false',
    );
  });

  it('refuses an unknown panel, a missing one and what is not an object', () => {
    expect(checkPanelSizes({ ...panels, chartPx: 3 })).toBe('panels: unknown field "chartPx"');
    const { depthPx: _, ...missing } = panels;
    expect(checkPanelSizes(missing)).toMatch(/^panels.depthPx: /);
    expect(checkPanelSizes([])).toBe('panels: expected an object');
  });
});

describe('readPanelSizes', () => {
  it('reports each bad field by name and lets it fall back alone, keeping the good ones', () => {
    const read = readPanelSizes({
      watchlistPx: 420,
      depthPx: -1,
      tapePx: 1e9,
      sportsPx: 'tall',
      sportsFolded: true,
      alertsFolded: 1,
      chartPx: 3,
    });
    expect(read.panels).toEqual({
      watchlistPx: 420,
      depthPx: panels.depthPx,
      tapePx: panels.tapePx,
      sportsPx: panels.sportsPx,
      sportsFolded: true,
      alertsFolded: panels.alertsFolded,
    });
    expect(read.problems).toEqual([
      `panels.depthPx: expected null or a whole number of px from 0 to ${MAX_PANEL_PX}`,
      `panels.tapePx: expected null or a whole number of px from 0 to ${MAX_PANEL_PX}`,
      `panels.sportsPx: expected null or a whole number of px from 0 to ${MAX_PANEL_PX}`,
      'panels.alertsFolded: expected true or false',
      'panels: unknown field "chartPx"',
    ]);
  });

  it('gives a missing field its default without a problem, and what is not an object the defaults', () => {
    expect(readPanelSizes({ watchlistPx: 300 })).toEqual({
      panels: { ...panels, watchlistPx: 300 },
      problems: [],
    });
    expect(readPanelSizes(null)).toEqual({ panels, problems: ['panels: expected an object'] });
  });
});
