/**
 * Panel sizes the user sets: the watchlist's width (dragged or keyed on the splitter between
 * it and the charts). Pure numbers, so the bounds are tested without layout.
 */

/** Narrowest the watchlist and the charts may be made, CSS px. */
export const MIN_WATCHLIST_PX = 300;
export const MIN_CHARTS_PX = 320;
/** One arrow-key press on the splitter moves it this far, CSS px (Page Up/Down: 4×). */
export const SPLITTER_STEP_PX = 24;

/** `px` held within what leaves both panels their minimum in a row `totalPx` wide. */
export function clampWatchlistWidth(px: number, totalPx: number): number {
  const max = Math.max(MIN_WATCHLIST_PX, totalPx - MIN_CHARTS_PX);
  return Math.round(Math.min(max, Math.max(MIN_WATCHLIST_PX, px)));
}

/** The width after a key on the splitter, or null for a key it does not use. */
export function keyedWatchlistWidth(key: string, px: number, totalPx: number): number | null {
  const step =
    key === 'ArrowLeft'
      ? -SPLITTER_STEP_PX
      : key === 'ArrowRight'
        ? SPLITTER_STEP_PX
        : key === 'PageDown'
          ? -4 * SPLITTER_STEP_PX
          : key === 'PageUp'
            ? 4 * SPLITTER_STEP_PX
            : key === 'Home'
              ? -Infinity
              : key === 'End'
                ? Infinity
                : null;
  if (step === null) return null;
  return clampWatchlistWidth(px + step, totalPx);
}
