/**
 * The main page's panel sizes: saved settings (null: the layout's default share). While a
 * divider is dragged its size lives here, and is saved once, when the drag is over, not per
 * pixel (the bounds are ./panel-layout.ts).
 */
import type { PanelSizes } from '../../../protocol/panel-sizes';

type SizeKey = 'watchlistPx' | 'depthPx' | 'tapePx' | 'sportsPx';

export class PanelSizing {
  #dragged = $state.raw<Partial<PanelSizes>>({});
  readonly #saved: () => PanelSizes;
  readonly #save: (panels: PanelSizes) => void;

  /** `saved`: the settings' sizes; `save`: saves a whole set of them. */
  constructor(saved: () => PanelSizes, save: (panels: PanelSizes) => void) {
    this.#saved = saved;
    this.#save = save;
  }

  /** The sizes shown: the saved ones, and a divider's while it is dragged. */
  get panels(): PanelSizes {
    return { ...this.#saved(), ...this.#dragged };
  }

  /** A divider's drag handler for one size. */
  resize = (key: SizeKey) => (px: number) => {
    this.#dragged = { ...this.#dragged, [key]: px };
  };

  /** Saves the sizes shown with `change` (a fold, an unfold), ending any drag. */
  save = (change: Partial<PanelSizes> = {}) => {
    this.#save({ ...this.panels, ...change });
    this.#dragged = {};
  };

  /** Unfolds the alerts panel (a new rule is being drafted there). */
  unfoldAlerts = () => {
    if (this.panels.alertsFolded) this.save({ alertsFolded: false });
  };
}

/**
 * A saved size, held to a share of the window so one saved on a large monitor still fits, and
 * to any further `limits` (CSS lengths, such as the room the other panels leave).
 */
export function sized(px: number | null, share: string, ...limits: string[]): string | undefined {
  return px === null ? undefined : `min(${[`${px}px`, share, ...limits].join(', ')})`;
}
