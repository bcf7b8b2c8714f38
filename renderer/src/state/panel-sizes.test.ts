import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../protocol/ipc';
import type { PanelSizes } from '../../../protocol/panel-sizes';
import { PanelSizing, sized } from './panel-sizes.svelte';

function sizing(start: Partial<PanelSizes> = {}) {
  let saved: PanelSizes = { ...DEFAULT_SETTINGS.panels, ...start };
  const saves: PanelSizes[] = [];
  const s = new PanelSizing(
    () => saved,
    (panels) => {
      saves.push(panels);
      saved = panels;
    },
  );
  const elsewhere = (change: Partial<PanelSizes>) => (saved = { ...saved, ...change });
  return { s, saves, elsewhere };
}

describe('PanelSizing', () => {
  it('shows a dragged size at once and saves it once, when the drag is over', () => {
    const { s, saves, elsewhere } = sizing({ watchlistPx: 500 });
    const drag = s.resize('watchlistPx');
    for (const px of [510, 540, 580]) drag(px);
    expect(s.panels.watchlistPx).toBe(580);
    expect(saves).toEqual([]);
    s.save();
    expect(saves).toEqual([{ ...DEFAULT_SETTINGS.panels, watchlistPx: 580 }]);
    // The drag is over: a size another window saves shows here.
    elsewhere({ watchlistPx: 420 });
    expect(s.panels.watchlistPx).toBe(420);
  });

  it('saves a fold with the sizes shown, and unfolds the alerts only when folded', () => {
    const { s, saves } = sizing({ alertsFolded: true });
    s.resize('depthPx')(260);
    s.save({ sportsFolded: true });
    expect(saves.at(-1)).toMatchObject({ depthPx: 260, sportsFolded: true, alertsFolded: true });
    s.unfoldAlerts();
    expect(saves.at(-1)).toMatchObject({ alertsFolded: false, depthPx: 260 });
    s.unfoldAlerts();
    expect(saves).toHaveLength(2);
  });
});

describe('sized', () => {
  it('holds a saved size to a share of the window; no size is the layout default', () => {
    expect(sized(900, '60%')).toBe('min(900px, 60%)');
    expect(sized(null, '60%')).toBeUndefined();
  });
});
