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
/**
 * Numbers at the very start of the array: [BOUND] (ExtremaWindows: the highest value kept, a
 * bound on every window's extreme) and [LEAST] (the lowest of the windows' thresholds).
 */
const BOUND = 0;
const LEAST = 1;
const H = 2;
/**
 * Numbers per window after those: its length (ms), its cursor, its running sum,
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
   * Window k's length at [H + Wk], its cursor at [H + Wk + 1]; entry i at base + 2 * (i & mask).
   */
  protected buf = WindowRing.header(2 * INITIAL_ENTRIES);
  protected windows = 0;
  /** Where the ring starts in `buf`: after the header and the windows' numbers. */
  protected base = H;
  protected mask = INITIAL_ENTRIES - 1;
  /** Oldest live entry (the longest window's cursor) and one past the newest. */
  protected head = 0;
  protected tail = 0;

  /** Adds a window length (a new one starts at the oldest entry kept); returns its index. */
  addWindow(windowMs: number): number {
    const k = this.windows;
    this.resize(this.mask + 1, k + 1);
    this.buf[H + W * k] = windowMs;
    this.buf[H + W * k + 1] = this.head;
    this.buf[H + W * k + 3] = Infinity;
    return k;
  }

  get windowCount(): number {
    return this.windows;
  }

  /** The length of window `k`, ms. */
  windowMs(k: number): number {
    return this.buf[H + W * k] as number;
  }

  /**
   * The lowest threshold among the rules on window `k` (Infinity for none), kept here by the
   * owner: a push has just read this line, so checking it costs no cache miss, where reading
   * it from the rules' own object (one per window, for each of 1,000 instruments) did.
   */
  threshold(k: number): number {
    return this.buf[H + W * k + 3] as number;
  }

  setThreshold(k: number, value: number): void {
    this.buf[H + W * k + 3] = value;
    let least = Infinity;
    for (let j = 0; j < this.windows; j++)
      least = Math.min(least, this.buf[H + W * j + 3] as number);
    this.buf[LEAST] = least;
  }

  /** The lowest threshold of any window (Infinity for none): a tick above it may fire one. */
  leastThreshold(): number {
    return this.buf[LEAST] as number;
  }

  /** An array of `ring` numbers after the header, with no bound and no threshold yet. */
  private static header(ring: number): Float64Array {
    const buf = new Float64Array(H + ring);
    buf[BOUND] = -Infinity;
    buf[LEAST] = Infinity;
    return buf;
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
    this.buf[BOUND] = -Infinity;
    for (let k = 0; k < this.windows; k++) {
      this.buf[H + W * k + 1] = 0;
      this.buf[H + W * k + 2] = 0;
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
    for (let k = 0; k < this.windows; k++) head = Math.min(head, buf[H + W * k + 1] as number);
    this.head = head;
    if (head < REBASE_AT) return;
    const shift = head - (head & this.mask);
    this.head -= shift;
    this.tail -= shift;
    for (let k = 0; k < this.windows; k++) (buf[H + W * k + 1] as number) -= shift;
  }

  /** Moves the live entries into a new array of `entries` ring entries and `windows` pairs. */
  private resize(entries: number, windows: number): void {
    const next = new Float64Array(H + W * windows + 2 * entries);
    next.set(this.buf.subarray(0, H + W * this.windows));
    const base = H + W * windows;
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
 * The highest (`keep: 'max'`) or lowest value among the ticks of each window length: one
 * monotonic deque for all lengths. The deque holds, oldest first, each value that no later
 * value reaches, so the extreme of any window is its first entry at or after the window's
 * start: a length's cursor points right at it.
 *
 * A push only keeps the deque (pops what the new value reaches, appends it) and a bound, the
 * highest value kept; the cursors move when an extreme is asked for (`value`, `movePct`) or
 * the ring is full. Most ticks ask for none: `mayReach` turns them away from the bound and
 * the windows' lowest threshold, both in the array's first line, so a quiet tick no longer
 * reads an entry at each cursor (docs/PERFORMANCE.md "Alerts at scale", 5 Dec fourth session).
 */
export class ExtremaWindows extends WindowRing {
  /** Values are stored times this, so the lowest is kept as the highest of the negated. */
  private readonly sign: 1 | -1;
  /** The lowest `tail` since the cursors last moved: a cursor at or past it was popped. */
  private lowWater = 0;
  /** Pushed since the cursors last moved. */
  private dirty = false;
  /** Time of the newest entry pushed. */
  private newest = -Infinity;

  constructor(keep: 'max' | 'min') {
    super();
    this.sign = keep === 'max' ? 1 : -1;
  }

  /** Adds a value at `ts` (not before the last one); what fell out of a window goes later. */
  push(ts: number, value: number): void {
    const v = this.sign * value;
    while (this.tail > this.head && this.valueAt(this.tail - 1) <= v) this.tail--;
    if (this.tail < this.lowWater) this.lowWater = this.tail;
    // Full: expire before growing; the cursors are moved to the newest entry so far.
    if (this.dirty && this.tail - this.head > this.mask) this.settle();
    this.append(ts, v);
    if (v > (this.buf[BOUND] as number)) this.buf[BOUND] = v;
    this.newest = ts;
    this.dirty = true;
  }

  /**
   * False when no window's move to `v` can reach its lowest threshold (`movePct` of every
   * window is below it), judged from the bound without moving a cursor; true when one may.
   */
  mayReach(v: number): boolean {
    const least = this.buf[LEAST] as number;
    if (least === Infinity) return false;
    const bound = this.sign * (this.buf[BOUND] as number);
    // The bound is at least every window's highest (at most its lowest, for `min`), so the
    // move from it is at least each window's: below the threshold, none can fire. Not judged
    // (true) where `movePct` would not be monotonic in the extreme.
    if (!(bound > 0 && bound < Infinity && v > 0)) return true;
    const pct = this.sign === 1 ? ((bound - v) / bound) * 100 : ((v - bound) / bound) * 100;
    // A margin far above rounding: the exact check decides anything near the threshold.
    return pct + 1e-9 >= least;
  }

  /** The extreme value of window `k`; call after a push. */
  value(k: number): number {
    if (this.dirty) this.settle();
    return this.sign * this.valueAt(this.buf[H + W * k + 1] as number);
  }

  /**
   * The move to `v` from window `k`'s extreme, percent: the rise from the lowest (`min`), the
   * fall from the highest (`max`); 0 when the extreme is not positive. A method here rather
   * than a shared function: a tick calls it per window, and a call across modules goes
   * through the module's export getter where the code is not bundled (tsx, vitest).
   */
  movePct(k: number, v: number): number {
    const extreme = this.value(k);
    if (!(extreme > 0)) return 0;
    return this.sign === 1 ? ((extreme - v) / extreme) * 100 : ((v - extreme) / extreme) * 100;
  }

  override clear(): void {
    super.clear();
    this.lowWater = 0;
    this.dirty = false;
    this.newest = -Infinity;
  }

  /**
   * Moves every cursor to its window's first entry at or after the newest time less the
   * window's length, drops what fell out of all windows and sets the bound to what is left.
   */
  private settle(): void {
    const buf = this.buf;
    for (let k = 0; k < this.windows; k++) {
      // A cursor on a popped entry moves to the first entry pushed since, which outranks it
      // and is as recent; the entries before the low water are the ones it saw.
      let c = Math.min(buf[H + W * k + 1] as number, this.lowWater);
      const from = this.newest - (buf[H + W * k] as number);
      while (this.tsAt(c) < from) c++;
      buf[H + W * k + 1] = c;
    }
    this.settleHead();
    this.lowWater = this.tail;
    this.dirty = false;
    this.buf[BOUND] = this.tail > this.head ? this.valueAt(this.head) : -Infinity;
  }
}

/** The sum of the values (trade sizes, for `volume-above`) of each window length. */
export class SumWindows extends WindowRing {
  push(ts: number, value: number): void {
    this.append(ts, value);
    const buf = this.buf;
    for (let k = 0; k < this.windows; k++) {
      // Added before the expired are taken off, in arrival order, as a lone window would.
      let sum = (buf[H + W * k + 2] as number) + value;
      let c = buf[H + W * k + 1] as number;
      const from = ts - (buf[H + W * k] as number);
      while (this.tsAt(c) < from) {
        sum -= this.valueAt(c);
        c++;
      }
      buf[H + W * k + 2] = sum;
      buf[H + W * k + 1] = c;
    }
    this.settleHead();
  }

  /** The sum of window `k`. */
  sum(k: number): number {
    return this.buf[H + W * k + 2] as number;
  }
}
