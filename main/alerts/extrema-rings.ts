/**
 * Sliding-window highs (or lows) by the feed's event time, for several window lengths at once,
 * with many windows' rings in ONE buffer: each ring is a region of it, found by its offset (in
 * doubles), holding its positions (tail, head, mask, ...) as 32-bit integers, then its numbers
 * (bound, newest time, ...), then a few numbers per window length, then (ts, value) pairs. A
 * push reads the region's first line and the entries at its tail, and no object: the evaluator
 * keeps each instrument's ring offsets in its row (AlertRows), so a quiet tick's push costs the
 * lines of its row and of its ring, where a ring of its own cost the window object, its typed
 * array object and its store's first line too (docs/PERFORMANCE.md "Alerts at scale", 5 Dec
 * fifth session). The positions are read through an Int32Array over the same memory, so a
 * push's index arithmetic is on integers; kept as doubles, each sum and `& mask` was a float
 * operation checked and converted on every access ("the rings' positions made integers").
 *
 * Each ring is a monotonic deque for all its lengths: it holds, oldest first, each value that
 * no later value reaches, so the extreme of a window is its first entry at or after the
 * window's start, where the window's cursor points. A push only keeps the deque (pops what the
 * new value reaches, appends it) and a bound, the highest value kept; the cursors move when an
 * extreme is asked for or the ring is full. `mayReach` turns most ticks away from the bound
 * and the lowest threshold before any extreme is asked for.
 */

/** A region's integers, from twice its offset in the Int32Array. */
const TAIL = 0; // one past the newest entry (absolute count, masked into the ring)
const HEAD = 1; // the oldest live entry (the longest window's cursor)
const MASK = 2; // ring entries less one (a power of two less one)
const LOW_WATER = 3; // the lowest tail since the cursors last moved: a cursor at or past it was popped
const DIRTY = 4; // 1: pushed since the cursors last moved
const ENTRIES = 5; // where the (ts, value) pairs start, in doubles from the buffer's start
const COUNT = 6; // window lengths
const SIGN = 7; // values are stored times SIGN (1: highs, -1: lows)
const SIZE = 8; // the region's doubles, for its release
/** A region's doubles, from its offset in the Float64Array (after the integers' five). */
const BOUND = 5; // the highest value kept: at least every window's extreme
const NEWEST = 6; // time of the newest entry
const LEAST = 7; // the lowest of the windows' thresholds
const HEADER = 8;
/** Doubles per window length after the header: its length (ms), its threshold, its cursor (an integer). */
const W = 3;
const CURSOR = 2;
const INITIAL_ENTRIES = 16;
/** Positions past this are moved back by whole rings, so they stay 32-bit integers. */
const REBASE_AT = 2 ** 30;
/**
 * Regions are whole multiples of 64 bytes, so no two rings share more than a line. They are not
 * on line boundaries: where lines fall is set by the array's address, which the C allocator
 * picks (the bench's 2 MB array began 16 bytes past a line), so a header spans two lines
 * (docs/PERFORMANCE.md, "Alerts at scale", 5 Dec sixth session).
 */
const LINE = 8;

export class ExtremaRings {
  private f = new Float64Array(64);
  private n = new Int32Array(this.f.buffer);
  private top = 0;
  /** Released regions by size, for the next ring of that size. */
  private readonly free = new Map<number, number[]>();

  /** A new ring of highs (`max`) or lows (`min`) with no window yet; its offset. */
  create(keep: 'max' | 'min'): number {
    const o = this.alloc(HEADER + 2 * INITIAL_ENTRIES);
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
    const size = this.n[2 * o + SIZE] as number;
    const list = this.free.get(size) ?? [];
    list.push(o);
    this.free.set(size, list);
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
    const at = this.resize(o, (this.n[2 * o + MASK] as number) + 1, k + 1);
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
    if (this.n[2 * o + DIRTY] === 1) this.settle(o);
    const mask = this.n[2 * o + MASK] as number;
    if ((this.n[2 * o + TAIL] as number) - (this.n[2 * o + HEAD] as number) > mask)
      o = this.resize(o, 2 * (mask + 1), this.n[2 * o + COUNT] as number);
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

  /** The extreme value of window `k`; call after a push. */
  value(o: number, k: number): number {
    if (this.n[2 * o + DIRTY] === 1) this.settle(o);
    const cursor = this.n[2 * (o + HEADER + W * k + CURSOR)] as number;
    return (this.n[2 * o + SIGN] as number) * this.valueAt(o, cursor);
  }

  /** The move to `v` from window `k`'s extreme, percent (0 when the extreme is not positive). */
  movePct(o: number, k: number, v: number): number {
    const extreme = this.value(o, k);
    if (!(extreme > 0)) return 0;
    return this.n[2 * o + SIGN] === 1
      ? ((extreme - v) / extreme) * 100
      : ((v - extreme) / extreme) * 100;
  }

  /**
   * Moves every cursor to its window's first entry at or after the newest time less the
   * window's length, drops what fell out of all windows and sets the bound to what is left.
   */
  private settle(o: number): void {
    const n = this.n;
    const f = this.f;
    const h = 2 * o;
    const count = n[h + COUNT] as number;
    const tail = n[h + TAIL] as number;
    let head = tail;
    for (let k = 0; k < count; k++) {
      const w = o + HEADER + W * k;
      // A cursor on a popped entry moves to the first entry pushed since, which outranks it
      // and is as recent; the entries before the low water are the ones it saw.
      let c = Math.min(n[2 * (w + CURSOR)] as number, n[h + LOW_WATER] as number);
      const from = (f[o + NEWEST] as number) - (f[w] as number);
      while (this.tsAt(o, c) < from) c++;
      n[2 * (w + CURSOR)] = c;
      head = Math.min(head, c);
    }
    n[h + HEAD] = head;
    n[h + LOW_WATER] = tail;
    n[h + DIRTY] = 0;
    f[o + BOUND] = tail > head ? this.valueAt(o, head) : -Infinity;
    if (head < REBASE_AT) return;
    const shift = head - (head & (n[h + MASK] as number));
    n[h + HEAD] = head - shift;
    n[h + TAIL] = tail - shift;
    n[h + LOW_WATER] = tail - shift;
    for (let k = 0; k < count; k++) (n[2 * (o + HEADER + W * k + CURSOR)] as number) -= shift;
  }

  private tsAt(o: number, i: number): number {
    const n = this.n;
    return this.f[(n[2 * o + ENTRIES] as number) + 2 * (i & (n[2 * o + MASK] as number))] as number;
  }

  private valueAt(o: number, i: number): number {
    const n = this.n;
    return this.f[
      (n[2 * o + ENTRIES] as number) + 2 * (i & (n[2 * o + MASK] as number)) + 1
    ] as number;
  }

  /** Moves ring `o` into a new region of `entries` entries and `count` windows; its offset. */
  private resize(o: number, entries: number, count: number): number {
    const at = this.alloc(HEADER + W * count + 2 * entries);
    const n = this.n;
    const f = this.f;
    const oldCount = n[2 * o + COUNT] as number;
    const size = n[2 * at + SIZE] as number;
    // Bit for bit, integers and doubles alike.
    n.copyWithin(2 * at, 2 * o, 2 * (o + HEADER + W * oldCount));
    n[2 * at + SIZE] = size;
    const mask = n[2 * o + MASK] as number;
    const from = n[2 * o + ENTRIES] as number;
    const to = at + HEADER + W * count;
    for (let i = n[2 * o + HEAD] as number; i < (n[2 * o + TAIL] as number); i++) {
      const s = from + 2 * (i & mask);
      const t = to + 2 * (i & (entries - 1));
      f[t] = f[s] as number;
      f[t + 1] = f[s + 1] as number;
    }
    n[2 * at + MASK] = entries - 1;
    n[2 * at + COUNT] = count;
    n[2 * at + ENTRIES] = to;
    this.release(o);
    return at;
  }

  /** A region of at least `doubles` doubles, a whole multiple of 64 bytes; its offset. */
  private alloc(doubles: number): number {
    const size = Math.ceil(doubles / LINE) * LINE;
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) return reused;
    if (this.top + size > this.f.length) {
      let length = this.f.length;
      while (this.top + size > length) length *= 2;
      const next = new Int32Array(2 * length);
      next.set(this.n.subarray(0, 2 * this.top));
      this.n = next;
      this.f = new Float64Array(next.buffer);
    }
    const o = this.top;
    this.top += size;
    this.n[2 * o + SIZE] = size;
    return o;
  }
}
