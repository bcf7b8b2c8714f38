/**
 * Sliding-window highs (or lows) by the feed's event time, for several window lengths at once,
 * with many windows' rings in ONE Float64Array: each ring is a region of it, found by its
 * offset, holding its numbers (tail, head, mask, bound, ...), then a few numbers per window
 * length, then (ts, value) pairs. A push reads the region's first numbers and the entries at
 * its tail, and no object: the evaluator keeps each instrument's ring offsets in its row
 * (AlertRows), so a quiet tick's push costs the lines of its row and of its ring, where a ring
 * of its own cost the window object, its typed array object and its store's first line too
 * (docs/PERFORMANCE.md "Alerts at scale", 5 Dec fifth session).
 *
 * Each ring is a monotonic deque for all its lengths: it holds, oldest first, each value that
 * no later value reaches, so the extreme of a window is its first entry at or after the
 * window's start, where the window's cursor points. A push only keeps the deque (pops what the
 * new value reaches, appends it) and a bound, the highest value kept; the cursors move when an
 * extreme is asked for or the ring is full. `mayReach` turns most ticks away from the bound
 * and the lowest threshold before any extreme is asked for.
 */

/** A region's numbers, from its offset. Values are stored times SIGN (1: highs, -1: lows). */
const TAIL = 0; // one past the newest entry (absolute count, masked into the ring)
const HEAD = 1; // the oldest live entry (the longest window's cursor)
const MASK = 2; // ring entries less one (a power of two less one)
const COUNT = 3; // window lengths
const SIGN = 4;
const LOW_WATER = 5; // the lowest tail since the cursors last moved: a cursor at or past it was popped
const DIRTY = 6; // 1: pushed since the cursors last moved
const BOUND = 7; // the highest value kept: at least every window's extreme
const NEWEST = 8; // time of the newest entry
const LEAST = 9; // the lowest of the windows' thresholds
const SIZE = 10; // the region's numbers, for its release
const HEADER = 11;
/** Numbers per window length after the header: its length (ms), its cursor, its threshold. */
const W = 3;
const INITIAL_ENTRIES = 16;
/** Positions past this are moved back by whole rings, so `& mask` never sees more than 31 bits. */
const REBASE_AT = 2 ** 30;
/**
 * Regions are whole multiples of 64 bytes, so no two rings share more than a line. They are not
 * on line boundaries: where lines fall is set by the array's address, which the C allocator
 * picks (the bench's 2 MB array began 16 bytes past a line), so a header spans two lines
 * (docs/PERFORMANCE.md, "Alerts at scale", 5 Dec sixth session).
 */
const LINE = 8;

export class ExtremaRings {
  private buf = new Float64Array(64);
  private top = 0;
  /** Released regions by size, for the next ring of that size. */
  private readonly free = new Map<number, number[]>();

  /** A new ring of highs (`max`) or lows (`min`) with no window yet; its offset. */
  create(keep: 'max' | 'min'): number {
    const o = this.alloc(HEADER + 2 * INITIAL_ENTRIES);
    const b = this.buf;
    b[o + MASK] = INITIAL_ENTRIES - 1;
    b[o + COUNT] = 0;
    b[o + SIGN] = keep === 'max' ? 1 : -1;
    b[o + LEAST] = Infinity;
    this.clear(o);
    return o;
  }

  /** Gives the region at `o` back. */
  release(o: number): void {
    const size = this.buf[o + SIZE] as number;
    const list = this.free.get(size) ?? [];
    list.push(o);
    this.free.set(size, list);
  }

  clear(o: number): void {
    const b = this.buf;
    b[o + TAIL] = 0;
    b[o + HEAD] = 0;
    b[o + LOW_WATER] = 0;
    b[o + DIRTY] = 0;
    b[o + BOUND] = -Infinity;
    b[o + NEWEST] = -Infinity;
    for (let k = 0; k < (b[o + COUNT] as number); k++) b[o + HEADER + W * k + 1] = 0;
  }

  /** Adds a window length (starting at the oldest entry kept); the ring's new offset. */
  addWindow(o: number, windowMs: number): number {
    const k = this.buf[o + COUNT] as number;
    const n = this.resize(o, (this.buf[o + MASK] as number) + 1, k + 1);
    const b = this.buf;
    b[n + HEADER + W * k] = windowMs;
    b[n + HEADER + W * k + 1] = b[n + HEAD] as number;
    b[n + HEADER + W * k + 2] = Infinity;
    return n;
  }

  windowCount(o: number): number {
    return this.buf[o + COUNT] as number;
  }

  windowMs(o: number, k: number): number {
    return this.buf[o + HEADER + W * k] as number;
  }

  /** The lowest threshold of the rules on window `k` (Infinity for none), kept by the owner. */
  threshold(o: number, k: number): number {
    return this.buf[o + HEADER + W * k + 2] as number;
  }

  setThreshold(o: number, k: number, value: number): void {
    const b = this.buf;
    b[o + HEADER + W * k + 2] = value;
    let least = Infinity;
    for (let j = 0; j < (b[o + COUNT] as number); j++)
      least = Math.min(least, b[o + HEADER + W * j + 2] as number);
    b[o + LEAST] = least;
  }

  /** The lowest threshold of any window (Infinity for none). */
  leastThreshold(o: number): number {
    return this.buf[o + LEAST] as number;
  }

  /**
   * Adds a value at `ts` (not before the last one); what fell out of a window goes later.
   * Returns the ring's offset, which changes when the ring grows.
   */
  push(o: number, ts: number, value: number): number {
    let b = this.buf;
    const v = (b[o + SIGN] as number) * value;
    let tail = b[o + TAIL] as number;
    const head = b[o + HEAD] as number;
    const mask = b[o + MASK] as number;
    const ring = o + HEADER + W * (b[o + COUNT] as number);
    while (tail > head && (b[ring + 2 * ((tail - 1) & mask) + 1] as number) <= v) tail--;
    b[o + TAIL] = tail;
    if (tail < (b[o + LOW_WATER] as number)) b[o + LOW_WATER] = tail;
    if (tail - head > mask) {
      // Full: expire before growing; the cursors are moved to the newest entry so far.
      if (b[o + DIRTY] === 1) this.settle(o);
      if ((b[o + TAIL] as number) - (b[o + HEAD] as number) > mask) {
        o = this.resize(o, 2 * (mask + 1), b[o + COUNT] as number);
        b = this.buf;
      }
    }
    const at = o + HEADER + W * (b[o + COUNT] as number);
    const t = b[o + TAIL] as number;
    const e = at + 2 * (t & (b[o + MASK] as number));
    b[e] = ts;
    b[e + 1] = v;
    b[o + TAIL] = t + 1;
    if (v > (b[o + BOUND] as number)) b[o + BOUND] = v;
    b[o + NEWEST] = ts;
    b[o + DIRTY] = 1;
    return o;
  }

  /**
   * False when no window's move to `v` can reach its lowest threshold, judged from the bound
   * without moving a cursor; true when one may.
   */
  mayReach(o: number, v: number): boolean {
    const b = this.buf;
    const least = b[o + LEAST] as number;
    if (least === Infinity) return false;
    const sign = b[o + SIGN] as number;
    const bound = sign * (b[o + BOUND] as number);
    // The bound is at least every window's highest (at most its lowest, for lows), so the move
    // from it is at least each window's: below the threshold, none can fire. Not judged (true)
    // where the move would not be monotonic in the extreme.
    if (!(bound > 0 && bound < Infinity && v > 0)) return true;
    const pct = sign === 1 ? ((bound - v) / bound) * 100 : ((v - bound) / bound) * 100;
    // A margin far above rounding: the exact check decides anything near the threshold.
    return pct + 1e-9 >= least;
  }

  /** The extreme value of window `k`; call after a push. */
  value(o: number, k: number): number {
    const b = this.buf;
    if (b[o + DIRTY] === 1) this.settle(o);
    const cursor = b[o + HEADER + W * k + 1] as number;
    return (b[o + SIGN] as number) * this.valueAt(o, cursor);
  }

  /** The move to `v` from window `k`'s extreme, percent (0 when the extreme is not positive). */
  movePct(o: number, k: number, v: number): number {
    const extreme = this.value(o, k);
    if (!(extreme > 0)) return 0;
    return this.buf[o + SIGN] === 1
      ? ((extreme - v) / extreme) * 100
      : ((v - extreme) / extreme) * 100;
  }

  /**
   * Moves every cursor to its window's first entry at or after the newest time less the
   * window's length, drops what fell out of all windows and sets the bound to what is left.
   */
  private settle(o: number): void {
    const b = this.buf;
    const count = b[o + COUNT] as number;
    const tail = b[o + TAIL] as number;
    let head = tail;
    for (let k = 0; k < count; k++) {
      const w = o + HEADER + W * k;
      // A cursor on a popped entry moves to the first entry pushed since, which outranks it
      // and is as recent; the entries before the low water are the ones it saw.
      let c = Math.min(b[w + 1] as number, b[o + LOW_WATER] as number);
      const from = (b[o + NEWEST] as number) - (b[w] as number);
      while (this.tsAt(o, c) < from) c++;
      b[w + 1] = c;
      head = Math.min(head, c);
    }
    b[o + HEAD] = head;
    b[o + LOW_WATER] = tail;
    b[o + DIRTY] = 0;
    b[o + BOUND] = tail > head ? this.valueAt(o, head) : -Infinity;
    if (head < REBASE_AT) return;
    const shift = head - (head & (b[o + MASK] as number));
    b[o + HEAD] = head - shift;
    b[o + TAIL] = tail - shift;
    b[o + LOW_WATER] = tail - shift;
    for (let k = 0; k < count; k++) (b[o + HEADER + W * k + 1] as number) -= shift;
  }

  private tsAt(o: number, i: number): number {
    const b = this.buf;
    const ring = o + HEADER + W * (b[o + COUNT] as number);
    return b[ring + 2 * (i & (b[o + MASK] as number))] as number;
  }

  private valueAt(o: number, i: number): number {
    const b = this.buf;
    const ring = o + HEADER + W * (b[o + COUNT] as number);
    return b[ring + 2 * (i & (b[o + MASK] as number)) + 1] as number;
  }

  /** Moves ring `o` into a new region of `entries` entries and `count` windows; its offset. */
  private resize(o: number, entries: number, count: number): number {
    const n = this.alloc(HEADER + W * count + 2 * entries);
    const b = this.buf;
    const oldCount = b[o + COUNT] as number;
    const size = b[n + SIZE] as number;
    b.copyWithin(n, o, o + HEADER + W * oldCount);
    b[n + SIZE] = size;
    const mask = b[o + MASK] as number;
    const from = o + HEADER + W * oldCount;
    const to = n + HEADER + W * count;
    for (let i = b[o + HEAD] as number; i < (b[o + TAIL] as number); i++) {
      const f = from + 2 * (i & mask);
      const t = to + 2 * (i & (entries - 1));
      b[t] = b[f] as number;
      b[t + 1] = b[f + 1] as number;
    }
    b[n + MASK] = entries - 1;
    b[n + COUNT] = count;
    this.release(o);
    return n;
  }

  /** A region of at least `numbers` numbers, a whole multiple of 64 bytes; its offset. */
  private alloc(numbers: number): number {
    const size = Math.ceil(numbers / LINE) * LINE;
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) return reused;
    if (this.top + size > this.buf.length) {
      let length = this.buf.length;
      while (this.top + size > length) length *= 2;
      const next = new Float64Array(length);
      next.set(this.buf.subarray(0, this.top));
      this.buf = next;
    }
    const o = this.top;
    this.top += size;
    this.buf[o + SIZE] = size;
    return o;
  }
}
