/**
 * Sliding window highs and lows over one instrument's values, by the feed's event time, for
 * several window lengths at once: ONE monotonic deque per kind for all its lengths, with a
 * cursor per length, kept in a region of a shared ExtremaRings (extrema-rings.ts). The running
 * sums of trade sizes are SumWindows (sum-windows.ts).
 */

import { ExtremaRings } from './extrema-rings';

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

  /** The longest window's extreme: at least every window's (see `ExtremaRings.bound`). */
  bound(): number {
    return this.rings.bound(this.at);
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
