/**
 * Sliding windows over one instrument's values, by the feed's event time: the highest (or
 * lowest) value and a running sum, for several window lengths at once. Each kind keeps ONE
 * queue for all its lengths, with a cursor per length at the oldest entry still inside that
 * length: a tick writes one entry whatever the number of lengths, and each cursor only moves
 * forward, so a push costs amortized O(1 + lengths) and touches a few cache lines. Entries
 * live in Float64Array rings of (ts, value) pairs, so a push allocates nothing. The extrema's
 * rings are regions of one shared array (extrema-rings.ts); a running sum has its own.
 */

import { ExtremaRings } from './extrema-rings';

const INITIAL_ENTRIES = 16;
/**
 * Positions are absolute entry counts masked into the ring; past this they are moved back by
 * a whole number of rings, so `& mask` never sees a number beyond 31 bits.
 */
const REBASE_AT = 2 ** 30;
/**
 * Numbers per window at the start of the array: its length (ms), its cursor, its running sum,
 * and the owner's threshold for it (see {@link WindowRing.threshold}).
 */
const W = 4;

/**
 * (ts, value) pairs in arrival order, with a cursor per window length. Everything a push reads
 * is in one Float64Array: first W numbers per window, then the ring, so a push touches the
 * array's first line and the lines of the entries it reads or writes.
 */
class WindowRing {
  /**
   * Window k's length at [Wk], its cursor at [Wk + 1]; entry i at base + 2 * (i & mask).
   */
  protected buf = new Float64Array(2 * INITIAL_ENTRIES);
  protected windows = 0;
  /** Where the ring starts in `buf`: after the windows' numbers. */
  protected base = 0;
  protected mask = INITIAL_ENTRIES - 1;
  /** Oldest live entry (the longest window's cursor) and one past the newest. */
  protected head = 0;
  protected tail = 0;

  /** Adds a window length (a new one starts at the oldest entry kept); returns its index. */
  addWindow(windowMs: number): number {
    const k = this.windows;
    this.resize(this.mask + 1, k + 1);
    this.buf[W * k] = windowMs;
    this.buf[W * k + 1] = this.head;
    this.buf[W * k + 3] = Infinity;
    return k;
  }

  get windowCount(): number {
    return this.windows;
  }

  /** The length of window `k`, ms. */
  windowMs(k: number): number {
    return this.buf[W * k] as number;
  }

  /**
   * The lowest threshold among the rules on window `k` (Infinity for none), kept here by the
   * owner: a push has just read this line, so checking it costs no cache miss, where reading
   * it from the rules' own object (one per window, for each of 1,000 instruments) did.
   */
  threshold(k: number): number {
    return this.buf[W * k + 3] as number;
  }

  setThreshold(k: number, value: number): void {
    this.buf[W * k + 3] = value;
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
    for (let k = 0; k < this.windows; k++) {
      this.buf[W * k + 1] = 0;
      this.buf[W * k + 2] = 0;
    }
  }

  protected append(ts: number, v: number): void {
    if (this.tail - this.head > this.mask) this.resize(2 * (this.mask + 1), this.windows);
    const at = this.base + 2 * (this.tail & this.mask);
    this.buf[at] = ts;
    this.buf[at + 1] = v;
    this.tail++;
  }

  /** Moves `head` to the oldest cursor; rebases positions before they outgrow `& mask`. */
  protected settleHead(): void {
    const buf = this.buf;
    let head = this.tail;
    for (let k = 0; k < this.windows; k++) head = Math.min(head, buf[W * k + 1] as number);
    this.head = head;
    if (head < REBASE_AT) return;
    const shift = head - (head & this.mask);
    this.head -= shift;
    this.tail -= shift;
    for (let k = 0; k < this.windows; k++) (buf[W * k + 1] as number) -= shift;
  }

  /** Moves the live entries into a new array of `entries` ring entries and `windows` pairs. */
  private resize(entries: number, windows: number): void {
    const next = new Float64Array(W * windows + 2 * entries);
    next.set(this.buf.subarray(0, W * this.windows));
    const base = W * windows;
    for (let i = this.head; i < this.tail; i++) {
      const from = this.base + 2 * (i & this.mask);
      const to = base + 2 * (i & (entries - 1));
      next[to] = this.buf[from] as number;
      next[to + 1] = this.buf[from + 1] as number;
    }
    this.buf = next;
    this.windows = windows;
    this.base = base;
    this.mask = entries - 1;
  }

  protected tsAt(i: number): number {
    return this.buf[this.base + 2 * (i & this.mask)] as number;
  }

  protected valueAt(i: number): number {
    return this.buf[this.base + 2 * (i & this.mask) + 1] as number;
  }
}

/**
 * The highest (`keep: 'max'`) or lowest value among the ticks of each window length: a handle
 * on one ring of an ExtremaRings (its own, unless given the evaluator's shared one).
 */
export class ExtremaWindows {
  /** The ring's offset in `rings`; it moves when the ring grows or gains a window. */
  at: number;

  constructor(
    keep: 'max' | 'min',
    readonly rings: ExtremaRings = new ExtremaRings(),
  ) {
    this.at = rings.create(keep);
  }

  /** Adds a window length (a new one starts at the oldest entry kept); returns its index. */
  addWindow(windowMs: number): number {
    const k = this.windowCount;
    this.at = this.rings.addWindow(this.at, windowMs);
    return k;
  }

  get windowCount(): number {
    return this.rings.windowCount(this.at);
  }

  windowMs(k: number): number {
    return this.rings.windowMs(this.at, k);
  }

  threshold(k: number): number {
    return this.rings.threshold(this.at, k);
  }

  setThreshold(k: number, value: number): void {
    this.rings.setThreshold(this.at, k, value);
  }

  leastThreshold(): number {
    return this.rings.leastThreshold(this.at);
  }

  push(ts: number, value: number): void {
    this.at = this.rings.push(this.at, ts, value);
  }

  mayReach(v: number): boolean {
    return this.rings.mayReach(this.at, v);
  }

  value(k: number): number {
    return this.rings.value(this.at, k);
  }

  movePct(k: number, v: number): number {
    return this.rings.movePct(this.at, k, v);
  }

  clear(): void {
    this.rings.clear(this.at);
  }
}

/** The sum of the values (trade sizes, for `volume-above`) of each window length. */
export class SumWindows extends WindowRing {
  push(ts: number, value: number): void {
    this.append(ts, value);
    const buf = this.buf;
    for (let k = 0; k < this.windows; k++) {
      // Added before the expired are taken off, in arrival order, as a lone window would.
      let sum = (buf[W * k + 2] as number) + value;
      let c = buf[W * k + 1] as number;
      const from = ts - (buf[W * k] as number);
      while (this.tsAt(c) < from) {
        sum -= this.valueAt(c);
        c++;
      }
      buf[W * k + 2] = sum;
      buf[W * k + 1] = c;
    }
    this.settleHead();
  }

  /** The sum of window `k`. */
  sum(k: number): number {
    return this.buf[W * k + 2] as number;
  }
}
