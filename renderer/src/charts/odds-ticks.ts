/**
 * The odds axis's labels: round odds (1.5, 2, 3, 5, 10, …) within the axis's range, thinned
 * from the bottom so no two are closer than a label's height. Chart.js's own log ticks, blanked
 * but for the round ones, left "2", "1.5" and "1" on top of each other on a card's 40 px chart.
 */

/** Odds labelled on the log axis, when there is room: up to 1000, the longest odds quoted. */
export const ODDS_TICKS = [1, 1.5, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000] as const;
/** Least distance between two labels, px: the axis's 10 px font and a little air. */
export const ODDS_LABEL_GAP_PX = 13;

/** The labelled odds of a log axis from `min` to `max` drawn `heightPx` tall. */
export function oddsTicks(min: number, max: number, heightPx: number): number[] {
  if (!(min > 0) || !(max > min) || !(heightPx > 0)) return [];
  const pxPerLog = heightPx / Math.log(max / min);
  const out: number[] = [];
  let lastPx = -Infinity;
  for (const value of ODDS_TICKS) {
    if (value < min || value > max) continue;
    const px = Math.log(value / min) * pxPerLog;
    if (px - lastPx < ODDS_LABEL_GAP_PX) continue;
    out.push(value);
    lastPx = px;
  }
  return out;
}

/**
 * An odds label as the odds are written: "1", "1.5", "10". Chart.js's own format follows the
 * ticks' step, and wrote "1.0" and "3.0" on an axis whose labels were 1 and 3.
 */
export function oddsLabel(value: number | string): string {
  return String(Number(value));
}

/**
 * The height a line of odds is drawn at: the odds, or a gap (NaN) where the feed has quoted
 * none (its 0) or quotes what decimal odds cannot be (below 1). A log axis cannot place 0, and
 * Chart.js drew it at the axis's foot, as if a side had become a certainty.
 */
export function oddsPoint(odds: number): number {
  return odds >= 1 && Number.isFinite(odds) ? odds : Number.NaN;
}
