/**
 * A ring of (ts, size) trades by the feed's event time with a cursor and a sum per window
 * length, in one Float64Array (first W numbers per length, then the ring), so a push allocates
 * nothing; the store under SumWindows (`volume-above`).
 *
 * Lazy: an entry is appended and no cursor moves (an eager cursor read the entry at each
 * window's start, a line of its own, on every trade). A sum is the sum from its cursor, which
 * may lag behind its window's start; sizes are never negative and rounding an addition is
 * monotonic, so that sum is at least the window's, and one at or under its rules' lowest
 * threshold fires nothing. Only a sum asked for ({@link sumOf}) or a full ring moves cursors.
 *
 * Exact: {@link sumOf} is the window's sizes added oldest first from 0, to the last bit, as the
 * condition's definition (and the oracle test) adds them, for any sizes: sizes are added in that
 * order; a cursor that moves takes the expired sizes off only while every size the sum spans is
 * an integer and the sum a safe integer (no addition or subtraction then rounds, so any order
 * gives the same number); otherwise the window's sizes are added again, oldest first, when the
 * sum is asked for: a pass over the window, paid only by a trade whose bound is over a rule's
 * volume, so mostly by a fractional sum just under one.
 */

const INITIAL_ENTRIES = 16;
/** Positions past this are moved back by whole rings, so `& mask` never sees more than 31 bits. */
const REBASE_AT = 2 ** 30;
/**
 * Numbers per window length at the start of the array: its length (ms), its cursor, its sum
 * (of the entries from the cursor), 1 when that sum is exactly the window's definition since the
 * cursor last moved (0: an upper bound only), and the owner's threshold (SumWindows).
 */
export const W = 5;
const LENGTH = 0;
const CURSOR = 1;
export const SUM = 2;
const EXACT = 3;
export const THRESHOLD = 4;

export class SumRing {
  protected buf = new Float64Array(2 * INITIAL_ENTRIES);
  protected windows = 0;
  /** Where the ring starts in `buf`: after the windows' numbers. */
  protected base = 0;
  protected mask = INITIAL_ENTRIES - 1;
  /** Oldest live entry (the lowest cursor when the ring last made room) and one past the newest. */
  protected head = 0;
  protected tail = 0;
  /** One past the newest size that is not an integer: every entry from here on is one. */
  protected integralFrom = 0;

  /** Adds a window length, from the oldest entry kept; returns its index. */
  addWindow(windowMs: number): number {
    const k = this.windows;
    this.resize(this.mask + 1, k + 1);
    this.buf[W * k + LENGTH] = windowMs;
    this.buf[W * k + CURSOR] = this.head;
    this.resum(k);
    return k;
  }

  get windowCount(): number {
    return this.windows;
  }

  /** The length of window `k`, ms. */
  windowMs(k: number): number {
    return this.buf[W * k + LENGTH] as number;
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
    this.integralFrom = 0;
    for (let k = 0; k < this.windows; k++) {
      this.buf[W * k + CURSOR] = 0;
      this.buf[W * k + SUM] = 0;
      this.buf[W * k + EXACT] = 1;
    }
  }

  /** The sum of window `k` as of the newest entry: its sizes added oldest first. */
  protected sumOf(k: number): number {
    const buf = this.buf;
    if (this.tail > this.head)
      this.expire(k, this.tsAt(this.tail - 1) - (buf[W * k + LENGTH] as number));
    if (buf[W * k + EXACT] === 0) this.resum(k);
    return buf[W * k + SUM] as number;
  }

  /**
   * Moves window `k`'s cursor past the entries before `from`; its sum follows exactly when
   * it can by taking their sizes off, and is left an upper bound otherwise.
   */
  private expire(k: number, from: number): void {
    const buf = this.buf;
    const start = buf[W * k + CURSOR] as number;
    let c = start;
    while (c < this.tail && this.tsAt(c) < from) c++;
    if (c === start) return;
    buf[W * k + CURSOR] = c;
    let sum = buf[W * k + SUM] as number;
    const integral =
      buf[W * k + EXACT] === 1 && start >= this.integralFrom && sum <= Number.MAX_SAFE_INTEGER;
    if (!integral) {
      buf[W * k + EXACT] = 0;
      return;
    }
    for (let i = start; i < c; i++) sum -= this.valueAt(i);
    buf[W * k + SUM] = sum;
  }

  /** Sets window `k`'s sum to its entries added again, oldest first from 0. */
  private resum(k: number): void {
    let sum = 0;
    for (let i = this.buf[W * k + CURSOR] as number; i < this.tail; i++) sum += this.valueAt(i);
    this.buf[W * k + SUM] = sum;
    this.buf[W * k + EXACT] = 1;
  }

  /**
   * The ring is full before a push at `ts`: moves every cursor to its window's start as of
   * `ts` (what is older is out of every window from now on), then grows if that freed nothing.
   */
  protected makeRoom(ts: number): void {
    const buf = this.buf;
    let head = this.tail;
    for (let k = 0; k < this.windows; k++) {
      this.expire(k, ts - (buf[W * k + LENGTH] as number));
      head = Math.min(head, buf[W * k + CURSOR] as number);
    }
    this.head = head;
    if (head >= REBASE_AT) this.rebase();
    if (this.tail - this.head > this.mask) this.resize(2 * (this.mask + 1), this.windows);
  }

  /** Moves every position back by whole rings, before they outgrow `& mask`. */
  private rebase(): void {
    const shift = this.head - (this.head & this.mask);
    this.head -= shift;
    this.tail -= shift;
    this.integralFrom = Math.max(0, this.integralFrom - shift);
    for (let k = 0; k < this.windows; k++) (this.buf[W * k + CURSOR] as number) -= shift;
  }

  /** Moves the live entries into a new array of `entries` ring entries and `windows` lengths. */
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

  private tsAt(i: number): number {
    return this.buf[this.base + 2 * (i & this.mask)] as number;
  }

  private valueAt(i: number): number {
    return this.buf[this.base + 2 * (i & this.mask) + 1] as number;
  }
}
