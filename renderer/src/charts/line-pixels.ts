/**
 * Whether a live line would look as it did when last drawn. At tens of ticks a frame, most of a
 * popped-out chart's new ticks land inside the newest bucket's range and move the window's edge
 * by a fraction of a pixel: Chart.js's update and draw (most of a chart's frame) would repaint
 * the same pixels. A frame is skipped only when nothing would move by half a CSS pixel or more:
 * the same points in the line, the same value range in the window (Chart.js fits the y axis to
 * the points between the x bounds, and so does this), the window's edges and the open bucket's
 * points each within half a pixel of where they were drawn.
 */
import type { XY } from './streaming';

/** A move smaller than this, in CSS pixels, is not worth a redraw. */
export const MAX_UNDRAWN_PX = 0.5;
/** Points the open bucket can hold at the end of the line (first, low, high, last). */
const OPEN_BUCKET_POINTS = 4;

/** What a line looked like when drawn. */
export interface LineSnapshot {
  readonly length: number;
  readonly start: number;
  readonly end: number;
  /** Lowest and highest value between `start` and `end` (NaN when none). */
  readonly low: number;
  readonly high: number;
  /** Copies of the last points: the only ones a frame's new ticks rewrite. */
  readonly tail: readonly XY[];
}

/** The line `points` (sorted by x) shown from `start` to `end`. */
export function snapshotLine(points: readonly XY[], start: number, end: number): LineSnapshot {
  let low = Infinity;
  let high = -Infinity;
  for (const p of points) {
    if (p.x < start || p.x > end || Number.isNaN(p.y)) continue;
    if (p.y < low) low = p.y;
    if (p.y > high) high = p.y;
  }
  return {
    length: points.length,
    start,
    end,
    low: low === Infinity ? NaN : low,
    high: high === -Infinity ? NaN : high,
    tail: points.slice(-OPEN_BUCKET_POINTS).map((p) => ({ x: p.x, y: p.y })),
  };
}

/**
 * True when `now` would draw the same pixels as `drawn` in a plot area of `width` × `height`
 * CSS pixels. The y axis spans at least `high − low` (grace and round ticks widen it), so the
 * pixel moves computed here are at most the real ones: a doubt draws.
 */
export function looksSame(
  drawn: LineSnapshot,
  now: LineSnapshot,
  width: number,
  height: number,
): boolean {
  if (now.length !== drawn.length || now.tail.length !== drawn.tail.length) return false;
  if (!Object.is(now.low, drawn.low) || !Object.is(now.high, drawn.high)) return false;
  const pxPerMs = width / Math.max(1e-9, now.end - now.start);
  const pxPerValue = height / Math.max(1e-9, now.high - now.low);
  const within = (a: number, b: number, pxPerUnit: number) =>
    Object.is(a, b) || Math.abs(a - b) * pxPerUnit < MAX_UNDRAWN_PX;
  if (!within(now.start, drawn.start, pxPerMs) || !within(now.end, drawn.end, pxPerMs))
    return false;
  return now.tail.every(
    (p, i) => within(p.x, drawn.tail[i]!.x, pxPerMs) && within(p.y, drawn.tail[i]!.y, pxPerValue),
  );
}
