/**
 * Sliding-window highs (or lows) by the feed's event time, for several window lengths at once,
 * with many windows' rings in ONE buffer: each ring is a region of it, found by its offset (in
 * doubles), holding its positions (tail, head, mask, ...) as 32-bit integers, then its numbers
 * (bound, newest time, ...), then a few numbers per window length, then (ts, value) pairs. A
 * push reads the region's first line and the entries at its tail, and no object: the evaluator
 * keeps each instrument's ring offsets in its row (AlertRows), so a quiet tick's push costs the
 * lines of its row and of its ring, where a ring of its own cost the window object, its typed
 * array object and its store's first line too (docs/PERFORMANCE.md "Alerts at scale", 5 Dec
 * fifth session). The regions, and a ring's move to a larger one, are RingRegions'; the layout
 * is extrema-ring-layout.ts's. The positions are read through an Int32Array over the same
 * memory, so a push's index arithmetic is on integers; kept as doubles, each sum and `& mask` was a float
 * operation checked and converted on every access ("the rings' positions made integers").
 *
 * Each ring is a monotonic deque for all its lengths: it holds, oldest first, each value that
 * no later value reaches, so the extreme of a window is its first entry at or after the
 * window's start, where the window's cursor points. A push only keeps the deque (pops what the
 * new value reaches, appends it) and a bound, the highest value kept; the cursors move when an
 * extreme is asked for or the ring is full. `mayReach` turns most ticks away from the bound
 * and the lowest threshold before any extreme is asked for.
 */
import * as layout from './extrema-ring-layout';
import { RingRegions } from './ring-regions';
import { extremeOf, settle } from './ring-extremes';

// The layout's offsets as this module's own constants: V8's optimiser folds a module's own
// `const`, but loads an imported binding, and checks it is initialised, at each use. Run from
// source (tsx: a module a file) the push with the offsets imported read 1.11x before the split
// (docs/PERFORMANCE.md, "Alerts at scale: rule states told when they change"); bundled, as the
// app is, the two are the same.
const { BOUND, COUNT, CURSOR, DIRTY, ENTRIES, HEAD, HEADER, INITIAL_ENTRIES } = layout;
const { LEAST, LOW_WATER, MASK, NEWEST, SIGN, TAIL, W } = layout;

export class ExtremaRings {
  private readonly regions = new RingRegions((f, n) => {
    this.f = f;
    this.n = n;
  });
  /**
   * The regions' buffer, kept here too as the push reads it (one field load, not two), and
   * set from the start (a field first undefined loses V8's knowledge of the array's kind).
   */
  private f: Float64Array = this.regions.f;
  private n: Int32Array = this.regions.n;

  /** A new ring of highs (`max`) or lows (`min`) with no window yet; its offset. */
  create(keep: 'max' | 'min'): number {
    const o = this.regions.alloc(HEADER + 2 * INITIAL_ENTRIES);
    const n = this.n;
    n[2 * o + MASK] = INITIAL_ENTRIES - 1;
    n[2 * o + COUNT] = 0;
    n[2 * o + SIGN] = keep === 'max' ? 1 : -1;
    n[2 * o + ENTRIES] = o + HEADER;
    this.f[o + LEAST] = Infinity;
    this.clear(o);
    return o;
  }

  /** Gives the region at `o` back. */
  release(o: number): void {
    this.regions.release(o);
  }

  clear(o: number): void {
    const n = this.n;
    n[2 * o + TAIL] = 0;
    n[2 * o + HEAD] = 0;
    n[2 * o + LOW_WATER] = 0;
    n[2 * o + DIRTY] = 0;
    this.f[o + BOUND] = -Infinity;
    this.f[o + NEWEST] = -Infinity;
    for (let k = 0; k < (n[2 * o + COUNT] as number); k++) n[2 * (o + HEADER + W * k + CURSOR)] = 0;
  }

  /** Adds a window length (starting at the oldest entry kept); the ring's new offset. */
  addWindow(o: number, windowMs: number): number {
    const k = this.n[2 * o + COUNT] as number;
    const at = this.regions.move(o, (this.n[2 * o + MASK] as number) + 1, k + 1);
    const w = at + HEADER + W * k;
    this.f[w] = windowMs;
    this.f[w + 1] = Infinity;
    this.n[2 * (w + CURSOR)] = this.n[2 * at + HEAD] as number;
    return at;
  }

  windowCount(o: number): number {
    return this.n[2 * o + COUNT] as number;
  }

  windowMs(o: number, k: number): number {
    return this.f[o + HEADER + W * k] as number;
  }

  /** The lowest threshold of the rules on window `k` (Infinity for none), kept by the owner. */
  threshold(o: number, k: number): number {
    return this.f[o + HEADER + W * k + 1] as number;
  }

  setThreshold(o: number, k: number, value: number): void {
    const f = this.f;
    f[o + HEADER + W * k + 1] = value;
    let least = Infinity;
    for (let j = 0; j < (this.n[2 * o + COUNT] as number); j++)
      least = Math.min(least, f[o + HEADER + W * j + 1] as number);
    f[o + LEAST] = least;
  }

  /** The lowest threshold of any window (Infinity for none). */
  leastThreshold(o: number): number {
    return this.f[o + LEAST] as number;
  }

  /**
   * Adds a value at `ts` (not before the last one); what fell out of a window goes later.
   * Returns the ring's offset, which changes when the ring grows.
   */
  push(o: number, ts: number, value: number): number {
    const n = this.n;
    const f = this.f;
    const h = 2 * o;
    const v = (n[h + SIGN] as number) * value;
    let tail = n[h + TAIL] as number;
    const head = n[h + HEAD] as number;
    const mask = n[h + MASK] as number;
    const ring = n[h + ENTRIES] as number;
    while (tail > head && (f[ring + 2 * ((tail - 1) & mask) + 1] as number) <= v) tail--;
    if (tail < (n[h + LOW_WATER] as number)) n[h + LOW_WATER] = tail;
    if (tail - head > mask) return this.pushFull(o, tail, ts, v);
    const e = ring + 2 * (tail & mask);
    f[e] = ts;
    f[e + 1] = v;
    n[h + TAIL] = tail + 1;
    if (v > (f[o + BOUND] as number)) f[o + BOUND] = v;
    f[o + NEWEST] = ts;
    n[h + DIRTY] = 1;
    return o;
  }

  /**
   * `push` into a full ring (`tail` after its pops, `v` signed): expires what fell out of every
   * window, grows the ring if that freed nothing, then pushes. Apart so `push` stays small.
   */
  private pushFull(o: number, tail: number, ts: number, v: number): number {
    this.n[2 * o + TAIL] = tail;
    // The cursors are moved to the newest entry so far.
    if (this.n[2 * o + DIRTY] === 1) settle(this.f, this.n, o);
    const mask = this.n[2 * o + MASK] as number;
    if ((this.n[2 * o + TAIL] as number) - (this.n[2 * o + HEAD] as number) > mask)
      o = this.regions.move(o, 2 * (mask + 1), this.n[2 * o + COUNT] as number);
    const sign = this.n[2 * o + SIGN] as number;
    return this.push(o, ts, sign * v);
  }

  /**
   * False when no window's move to `v` can reach its lowest threshold, judged from the bound
   * without moving a cursor; true when one may.
   */
  mayReach(o: number, v: number): boolean {
    const least = this.f[o + LEAST] as number;
    if (least === Infinity) return false;
    const sign = this.n[2 * o + SIGN] as number;
    const bound = sign * (this.f[o + BOUND] as number);
    // The bound is at least every window's highest (at most its lowest, for lows), so the move
    // from it is at least each window's: below the threshold, none can fire. Not judged (true)
    // where the move would not be monotonic in the extreme.
    if (!(bound > 0 && bound < Infinity && v > 0)) return true;
    const pct = sign === 1 ? ((bound - v) / bound) * 100 : ((v - bound) / bound) * 100;
    // A margin far above rounding: the exact check decides anything near the threshold.
    return pct + 1e-9 >= least;
  }

  /**
   * The highest value kept (the lowest, for lows), the cursors moved to the newest entry
   * first: the longest window's extreme, so at least every window's (-Infinity, Infinity for
   * lows, when empty).
   */
  bound(o: number): number {
    if (this.n[2 * o + DIRTY] === 1) settle(this.f, this.n, o);
    return (this.n[2 * o + SIGN] as number) * (this.f[o + BOUND] as number);
  }

  /** The extreme value of window `k`; call after a push. */
  value(o: number, k: number): number {
    return extremeOf(this.f, this.n, o, k);
  }

  /** The move to `v` from window `k`'s extreme, percent (0 when the extreme is not positive). */
  movePct(o: number, k: number, v: number): number {
    const extreme = this.value(o, k);
    if (!(extreme > 0)) return 0;
    return this.n[2 * o + SIGN] === 1
      ? ((extreme - v) / extreme) * 100
      : ((v - extreme) / extreme) * 100;
  }
}
