/** The sizes the user gives the main window's panels (`Settings.panels`) and their bound. */

/**
 * Panel sizes in CSS px; null keeps the layout's default share. The page clamps each to what the
 * window leaves, so a size saved on a large monitor still fits a small one.
 */
export interface PanelSizes {
  /** Width of the watchlist. */
  readonly watchlistPx: number | null;
  /** Width of the order book and tape column. */
  readonly depthPx: number | null;
  /** Height of the trade tape (its head and rows) in the order book column. */
  readonly tapePx: number | null;
  /** Height of the sports panel. */
  readonly sportsPx: number | null;
  /** The sports panel is folded to its title. */
  readonly sportsFolded: boolean;
  /** The alerts panel is folded to its title. */
  readonly alertsFolded: boolean;
}

/** Largest panel size a settings file may hold, CSS px (an 8K monitor is 7,680 wide). */
export const MAX_PANEL_PX = 10_000;
