/**
 * The rule by which instruments share a history budget, for the engine's rings and the
 * renderer's alike: a handful of instruments keep their full depth; thousands share a fixed
 * budget, so memory stays bounded whatever the feed announces, down to a floor that still draws
 * a sparkline.
 */

/**
 * Recent price points every series keeps for a short view of it: enough that a price chart
 * opened on any instrument starts with a line. (Watchlist sparklines once drew this many price
 * points; they now draw the session's bars, see renderer/src/charts/sparkline.ts, but the
 * floor below still derives from it.)
 */
export const SPARKLINE_POINTS = 240;

/**
 * Fewest price points a series keeps however many instruments share the budget: twice
 * {@link SPARKLINE_POINTS}, rounded up to a power of two (512), so a ring doubling from its initial
 * size lands on it exactly.
 */
export const SERIES_FLOOR_POINTS = 2 ** Math.ceil(Math.log2(2 * SPARKLINE_POINTS));

/**
 * The budget's share for each of `count` instruments, clamped to [floor, max]. The share is
 * rounded down to a power of two: the total stays within the budget, a ring doubling from its
 * initial size lands on the limit exactly, and a list that changes by a few instruments rarely
 * moves any ring's limit.
 */
export function historyShare(count: number, budget: number, floor: number, max: number): number {
  const share = 2 ** Math.floor(Math.log2(budget / Math.max(1, count)));
  return Math.min(max, Math.max(floor, share));
}
