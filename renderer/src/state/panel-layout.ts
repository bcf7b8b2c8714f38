/**
 * Panel sizes the user sets by dragging, or keying, the dividers between the main window's
 * panels: the watchlist's width, the order book column's width, the trade tape's height in that
 * column, the sports panel's height.
 * Pure numbers, so the bounds are tested without layout.
 */

/** Narrowest the watchlist and the charts may be made, CSS px. */
export const MIN_WATCHLIST_PX = 300;
export const MIN_CHARTS_PX = 320;
/**
 * Width the charts keep before the watchlist's default width does, CSS px: below it the
 * watchlist yields (its table scrolls sideways) down to its own least width. At 1280 px the
 * charts had 340 px beside a 640 px watchlist, two grid cells of 170 px.
 */
export const CHARTS_FIRST_PX = 560;
/**
 * Least height of the charts' row, CSS px: below it the grid scrolls (the sports panel under
 * the fold) rather than squeeze the charts. At 1366 × 768 with the replay bar, a banner and the
 * alert form open the price line had 60 to 80 px.
 */
export const MIN_CHARTS_ROW_PX = 360;
/** Narrowest order book column, and the most of the row it may take. */
export const MIN_DEPTH_PX = 200;
export const MAX_DEPTH_SHARE = 0.4;
/**
 * Lowest trade tape, CSS px: its head (22) and three trades of 16. Left to the layout (null),
 * it keeps six trades and the ladder takes the rest, up to all its levels (bug 242).
 */
export const MIN_TAPE_PX = 70;
/** Lowest ladder beside a tape made high, CSS px: the spread (18) and three levels a side. */
export const MIN_LADDER_PX = 114;
/** Lowest sports panel (a row of match cards), and the height left above it for the charts. */
export const MIN_SPORTS_PX = 120;
export const MIN_ABOVE_SPORTS_PX = MIN_CHARTS_ROW_PX;
/** One arrow-key press on a divider moves it this far, CSS px (Page Up/Down: 4×). */
export const SPLITTER_STEP_PX = 24;

/** The sizes a panel may take, CSS px. */
export interface SizeBounds {
  readonly minPx: number;
  readonly maxPx: number;
}

/** `px` held within `bounds` (the minimum wins when the window is too small for both). */
export function clampSize(px: number, bounds: SizeBounds): number {
  const max = Math.max(bounds.minPx, bounds.maxPx);
  return Math.round(Math.min(max, Math.max(bounds.minPx, px)));
}

/**
 * The size after a key on a divider, or null for a key it does not use. `grows` says which way
 * moving the divider right (or down) changes the panel: +1 for a panel before the divider, -1
 * for one after it. Page Up/Down, Home and End act on the size itself.
 */
export function keyedSize(
  key: string,
  px: number,
  bounds: SizeBounds,
  grows: 1 | -1 = 1,
): number | null {
  const moves: Record<string, number> = {
    ArrowLeft: -SPLITTER_STEP_PX * grows,
    ArrowUp: -SPLITTER_STEP_PX * grows,
    ArrowRight: SPLITTER_STEP_PX * grows,
    ArrowDown: SPLITTER_STEP_PX * grows,
    PageDown: -4 * SPLITTER_STEP_PX,
    PageUp: 4 * SPLITTER_STEP_PX,
    Home: -Infinity,
    End: Infinity,
  };
  const step = Object.hasOwn(moves, key) ? moves[key] : undefined;
  return step === undefined ? null : clampSize(px + step, bounds);
}

/**
 * What leaves both the watchlist and the charts their minimum in a row `totalPx` wide beside an
 * order book column `depthPx` wide: counted without it, the watchlist dragged to its end and
 * the book to its own left the charts nothing.
 */
export function watchlistBounds(totalPx: number, depthPx = 0): SizeBounds {
  return { minPx: MIN_WATCHLIST_PX, maxPx: totalPx - depthPx - MIN_CHARTS_PX };
}

/** `px` held within what leaves both panels their minimum in a row `totalPx` wide. */
export function clampWatchlistWidth(px: number, totalPx: number): number {
  return clampSize(px, watchlistBounds(totalPx));
}

/** The watchlist's width after a key on its divider, or null for a key it does not use. */
export function keyedWatchlistWidth(key: string, px: number, totalPx: number): number | null {
  return keyedSize(key, px, watchlistBounds(totalPx));
}

/**
 * The order book column's sizes in a row `totalPx` wide beside a watchlist `watchlistPx` wide:
 * its share of the row, and never the charts' least width.
 */
export function depthBounds(totalPx: number, watchlistPx = 0): SizeBounds {
  const maxPx = Math.min(
    Math.round(totalPx * MAX_DEPTH_SHARE),
    totalPx - watchlistPx - MIN_CHARTS_PX,
  );
  return { minPx: MIN_DEPTH_PX, maxPx };
}

/**
 * The trade tape's heights in an order book column whose ladder and tape share `sharedPx` (the
 * column less its title, depth chart and divider): the ladder keeps its least height.
 */
export function tapeBounds(sharedPx: number): SizeBounds {
  return { minPx: MIN_TAPE_PX, maxPx: sharedPx - MIN_LADDER_PX };
}

/** The sports panel's heights in a grid `totalPx` high. */
export function sportsBounds(totalPx: number): SizeBounds {
  return { minPx: MIN_SPORTS_PX, maxPx: totalPx - MIN_ABOVE_SPORTS_PX };
}
