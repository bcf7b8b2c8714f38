/**
 * The rolling window under the SMA, EMA seed and Bollinger bands (indicators.ts): the last
 * `period` values in a ring, with their running sum and sum of squares kept about an anchor, so
 * a point costs O(1) and the variance keeps its digits far from zero.
 */
/** The last `period` values, with their sum and sum of squares about an anchor. */
export class RollingWindow {
  private readonly values: Float64Array;
  private next = 0;
  /** Values held, up to `period`. */
  count = 0;
  private anchor = NaN;
  private sum = 0;
  private sumSq = 0;
  private sinceResum = 0;

  constructor(readonly period: number) {
    this.values = new Float64Array(period);
  }

  get full(): boolean {
    return this.count === this.period;
  }

  /** The value that `add` would drop (only when full). */
  get oldest(): number {
    return this.values[this.next]!;
  }

  add(x: number): void {
    if (Number.isNaN(this.anchor)) this.anchor = x;
    const d = x - this.anchor;
    if (this.full) {
      const o = this.oldest - this.anchor;
      this.sum -= o;
      this.sumSq -= o * o;
    } else this.count++;
    this.values[this.next] = x;
    this.next = (this.next + 1) % this.period;
    this.sum += d;
    this.sumSq += d * d;
    // Running sums drift with rounding: re-sum about a fresh anchor once per period (O(1)
    // amortised), which also keeps the anchor near the data so the variance keeps its digits.
    if (++this.sinceResum >= this.period) this.resum();
  }

  /** Mean and population variance of the window, or of the window with `x` added. */
  stats(x?: number): { mean: number; variance: number } {
    let n = this.count;
    let sum = this.sum;
    let sumSq = this.sumSq;
    if (x !== undefined) {
      const d = x - (Number.isNaN(this.anchor) ? x : this.anchor);
      if (this.full) {
        const o = this.oldest - this.anchor;
        sum -= o;
        sumSq -= o * o;
      } else n++;
      sum += d;
      sumSq += d * d;
    }
    const anchor = Number.isNaN(this.anchor) ? (x ?? 0) : this.anchor;
    const meanD = sum / n;
    return { mean: anchor + meanD, variance: Math.max(0, sumSq / n - meanD * meanD) };
  }

  reset(): void {
    this.next = this.count = this.sum = this.sumSq = this.sinceResum = 0;
    this.anchor = NaN;
  }

  private resum(): void {
    this.sinceResum = 0;
    this.anchor = this.values[(this.next + this.period - 1) % this.period]!;
    this.sum = this.sumSq = 0;
    for (let i = 0; i < this.count; i++) {
      const d = this.values[i]! - this.anchor;
      this.sum += d;
      this.sumSq += d * d;
    }
  }
}

/** Whether the window holds `period` values once `x` is added (as push or peek would). */
export function fillsWith(w: RollingWindow): boolean {
  return w.count + 1 >= w.period;
}
