/**
 * Sliding windows over one instrument's values, by the feed's event time: the highest (or
 * lowest) value and a running sum, for several window lengths at once. Each kind keeps ONE
 * queue for all its lengths, with a cursor per length at the oldest entry still inside that
 * length: a tick writes one entry whatever the number of lengths, and each cursor only moves
 * forward, so a push costs amortized O(1 + lengths) and touches a few cache lines. Entries
 * live in a Float64Array ring of (ts, value) pairs, so a push allocates nothing.
 */

const INITIAL_ENTRIES = 16;
/**
 * Positions are absolute entry counts masked into the ring; past this they are moved back by
 * a whole number of rings, so `& mask` never sees a number beyond 31 bits.
 */
const REBASE_AT = 2 ** 30;

/** (ts, value) pairs in arrival order, with a cursor per window length. */
class WindowRing {
  /** Entry i is at [2 * (i & mask), +1]: its event time, then its value. */
  protected buf = new Float64Array(2 * INITIAL_ENTRIES);
  protected mask = INITIAL_ENTRIES - 1;
  /** Oldest live entry (the longest window's cursor) and one past the newest. */
  protected head = 0;
  protected tail = 0;
  protected readonly windowsMs: number[] = [];
  /** Per window, the first entry with ts >= newest ts - windowMs. */
  protected readonly cursors: number[] = [];

  /** Adds a window length (a new one starts at the oldest entry kept); returns its index. */
  addWindow(windowMs: number): number {
    this.windowsMs.push(windowMs);
    this.cursors.push(this.head);
    return this.windowsMs.length - 1;
  }

  get windowCount(): number {
    return this.windowsMs.length;
  }

  /** The length of window `k`, ms. */
  windowMs(k: number): number {
    return this.windowsMs[k] as number;
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
    this.cursors.fill(0);
  }

  protected append(ts: number, v: number): void {
    if (this.tail - this.head > this.mask) this.grow();
    const at = 2 * (this.tail & this.mask);
    this.buf[at] = ts;
    this.buf[at + 1] = v;
    this.tail++;
  }

  /** Moves `head` to the oldest cursor; rebases positions before they outgrow `& mask`. */
  protected settleHead(): void {
    let head = this.tail;
    for (const c of this.cursors) if (c < head) head = c;
    this.head = head;
    if (head < REBASE_AT) return;
    const shift = head - (head & this.mask);
    this.head -= shift;
    this.tail -= shift;
    for (let k = 0; k < this.cursors.length; k++) (this.cursors[k] as number) -= shift;
  }

  private grow(): void {
    const size = this.mask + 1;
    const next = new Float64Array(4 * size);
    for (let i = this.head; i < this.tail; i++) {
      const from = 2 * (i & this.mask);
      const to = 2 * (i & (2 * size - 1));
      next[to] = this.buf[from] as number;
      next[to + 1] = this.buf[from + 1] as number;
    }
    this.buf = next;
    this.mask = 2 * size - 1;
  }

  protected tsAt(i: number): number {
    return this.buf[2 * (i & this.mask)] as number;
  }

  protected valueAt(i: number): number {
    return this.buf[2 * (i & this.mask) + 1] as number;
  }
}

/**
 * The highest (`keep: 'max'`) or lowest value among the ticks of each window length: one
 * monotonic deque for all lengths. The deque holds, oldest first, each value that no later
 * value reaches, so the extreme of any window is its first entry at or after the window's
 * start: a length's cursor points right at it.
 */
export class ExtremaWindows extends WindowRing {
  /** Values are stored times this, so the lowest is kept as the highest of the negated. */
  private readonly sign: 1 | -1;

  constructor(keep: 'max' | 'min') {
    super();
    this.sign = keep === 'max' ? 1 : -1;
  }

  /** Adds a value at `ts` (not before the last one) and drops what fell out of every window. */
  push(ts: number, value: number): void {
    const v = this.sign * value;
    while (this.tail > this.head && this.valueAt(this.tail - 1) <= v) this.tail--;
    const newest = this.tail;
    this.append(ts, v);
    for (let k = 0; k < this.cursors.length; k++) {
      // A cursor on a popped entry moves to the new one, which outranks it and is as recent.
      let c = Math.min(this.cursors[k] as number, newest);
      const from = ts - (this.windowsMs[k] as number);
      while (this.tsAt(c) < from) c++;
      this.cursors[k] = c;
    }
    this.settleHead();
  }

  /** The extreme value of window `k`; call after a push. */
  value(k: number): number {
    return this.sign * this.valueAt(this.cursors[k] as number);
  }
}

/** The sum of the values (trade sizes, for `volume-above`) of each window length. */
export class SumWindows extends WindowRing {
  private readonly sums: number[] = [];

  override addWindow(windowMs: number): number {
    this.sums.push(0);
    return super.addWindow(windowMs);
  }

  override clear(): void {
    super.clear();
    this.sums.fill(0);
  }

  push(ts: number, value: number): void {
    this.append(ts, value);
    for (let k = 0; k < this.cursors.length; k++) {
      // Added before the expired are taken off, in arrival order, as a lone window would.
      let sum = (this.sums[k] as number) + value;
      let c = this.cursors[k] as number;
      const from = ts - (this.windowsMs[k] as number);
      while (this.tsAt(c) < from) {
        sum -= this.valueAt(c);
        c++;
      }
      this.sums[k] = sum;
      this.cursors[k] = c;
    }
    this.settleHead();
  }

  /** The sum of window `k`. */
  sum(k: number): number {
    return this.sums[k] as number;
  }
}
