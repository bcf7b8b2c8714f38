/**
 * Incremental min-max decimation for a live line: points fall into fixed time buckets (about
 * two pixels wide) and each bucket is drawn as its first, lowest, highest and last point, in
 * time order. Spikes survive, the line stays continuous, and Chart.js gets at most ~2 points
 * per pixel however many ticks arrived. Only the open (newest) bucket is rewritten per frame,
 * so a frame costs the new points, not the window.
 *
 * Where data is missing (a halt, a reconnect: a silence the instrument's own pace calls a halt,
 * see `isHalt`) the line breaks: a NaN point goes between the two sides, and Chart.js, with
 * `spanGaps: false`, draws no diagonal across the hole as if the price had moved along it.
 */
import { isHalt, learnInterval } from '../state/row-pace';
import type { XY } from './streaming';

interface Bucket {
  index: number;
  firstT: number;
  first: number;
  minT: number;
  min: number;
  maxT: number;
  max: number;
  lastT: number;
  last: number;
}

export class MinMaxBuckets {
  /** The line: closed buckets' points, then the open bucket's. Chart.js draws this array. */
  readonly points: XY[] = [];
  /** Points at the end of `points` that belong to the open bucket. */
  private tail = 0;
  private open: Bucket | null = null;
  /** Time of the last point added, and the usual interval between points (null: unknown). */
  private lastT = NaN;
  private intervalMs: number | null = null;

  constructor(readonly bucketMs: number) {
    if (!(bucketMs > 0)) throw new RangeError('bucketMs must be > 0');
  }

  /** Starts a run of `add` calls (takes the open bucket's provisional points off the end). */
  begin(): void {
    if (this.tail > 0) this.points.splice(this.points.length - this.tail, this.tail);
    this.tail = 0;
  }

  /** Folds one point in; times must not decrease. */
  add(t: number, v: number): void {
    const index = Math.floor(t / this.bucketMs);
    const o = this.open;
    const gapMs = t - this.lastT;
    this.lastT = t;
    if (gapMs > 0) {
      const missing = this.intervalMs !== null && isHalt(gapMs, this.intervalMs);
      this.intervalMs = learnInterval(this.intervalMs, gapMs);
      if (missing && o) {
        this.emit(o);
        this.points.push({ x: t - gapMs / 2, y: NaN });
        this.open = null;
        this.add(t, v);
        return;
      }
    }
    if (o && o.index === index) {
      if (v < o.min) {
        o.min = v;
        o.minT = t;
      }
      if (v > o.max) {
        o.max = v;
        o.maxT = t;
      }
      o.lastT = t;
      o.last = v;
      return;
    }
    if (o) this.emit(o);
    this.open = { index, firstT: t, first: v, minT: t, min: v, maxT: t, max: v, lastT: t, last: v };
  }

  /** Ends a run: puts the open bucket's points back at the end. */
  end(): void {
    if (!this.open) return;
    const before = this.points.length;
    this.emit(this.open);
    this.tail = this.points.length - before;
  }

  /** Drops closed points before time `t` once at least `chunk` of them have piled up. */
  trimBefore(t: number, chunk: number): void {
    let out = 0;
    const closed = this.points.length - this.tail;
    // Keep one point left of `t` so the line enters from the edge.
    while (out + 1 < closed && this.points[out + 1]!.x < t) out++;
    if (out >= chunk) this.points.splice(0, out);
  }

  private emit(o: Bucket): void {
    const p = this.points;
    p.push({ x: o.firstT, y: o.first });
    const [a, b] =
      o.minT <= o.maxT
        ? [
            { x: o.minT, y: o.min },
            { x: o.maxT, y: o.max },
          ]
        : [
            { x: o.maxT, y: o.max },
            { x: o.minT, y: o.min },
          ];
    pushIfNew(p, a);
    pushIfNew(p, b);
    // The line ends on the bucket's last price, even when that tick shares its millisecond
    // with an extreme (quotes and trades of one feed frame often do).
    pushIfNew(p, { x: o.lastT, y: o.last });
  }
}

/** Appends `point` unless it repeats the line's last point (same time and value). */
function pushIfNew(points: XY[], point: XY): void {
  const prev = points[points.length - 1]!;
  if (point.x > prev.x || point.y !== prev.y) points.push(point);
}
