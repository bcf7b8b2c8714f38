/**
 * The odds axis's labels: round odds (1.5, 2, 3, 5, 10, …) within the axis's range, thinned
 * from the bottom so no two are closer than a label's height. Chart.js's own log ticks, blanked
 * but for the round ones, left "2", "1.5" and "1" on top of each other on a card's 40 px chart.
 */

/** Odds labelled on the log axis, when there is room. */
export const ODDS_TICKS = [1, 1.5, 2, 3, 5, 10, 20, 50, 100] as const;
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
