/**
 * The moving averages over the last `period` closes: SMA, EMA (seeded with the SMA of its first
 * `period` points, k = 2 / (period + 1)) and Bollinger bands (SMA ± stdDev × the population
 * standard deviation), each on a {@link RollingWindow}. The rules they follow are in
 * ./indicators.ts.
 */
import type { Indicator, IndicatorInput } from './indicator-contract';
import { RollingWindow, fillsWith } from './rolling-window';

export class Sma implements Indicator {
  readonly lines = 1;
  private readonly w: RollingWindow;
  constructor(period: number) {
    this.w = new RollingWindow(period);
  }
  push(p: IndicatorInput, out: number[]): void {
    if (!Number.isFinite(p.close)) return void (out[0] = NaN);
    this.w.add(p.close);
    out[0] = this.w.full ? this.w.stats().mean : NaN;
  }
  peek(p: IndicatorInput, out: number[]): void {
    out[0] = Number.isFinite(p.close) && fillsWith(this.w) ? this.w.stats(p.close).mean : NaN;
  }
  reset(): void {
    this.w.reset();
  }
}

function undefinedBands(out: number[]): void {
  out[0] = out[1] = out[2] = NaN;
}

export class Bollinger implements Indicator {
  readonly lines = 3;
  private readonly w: RollingWindow;
  constructor(
    period: number,
    private readonly stdDev: number,
  ) {
    this.w = new RollingWindow(period);
  }
  push(p: IndicatorInput, out: number[]): void {
    if (!Number.isFinite(p.close)) return void undefinedBands(out);
    this.w.add(p.close);
    if (this.w.full) this.bands(this.w.stats(), out);
    else undefinedBands(out);
  }
  peek(p: IndicatorInput, out: number[]): void {
    if (Number.isFinite(p.close) && fillsWith(this.w)) this.bands(this.w.stats(p.close), out);
    else undefinedBands(out);
  }
  reset(): void {
    this.w.reset();
  }
  private bands(s: { mean: number; variance: number }, out: number[]): void {
    const width = this.stdDev * Math.sqrt(s.variance);
    out[0] = s.mean;
    out[1] = s.mean + width;
    out[2] = s.mean - width;
  }
}

export class Ema implements Indicator {
  readonly lines = 1;
  private readonly k: number;
  /** Seeds the average with the SMA of the first `period` points. */
  private readonly seed: RollingWindow;
  private value = NaN;
  constructor(period: number) {
    this.k = 2 / (period + 1);
    this.seed = new RollingWindow(period);
  }
  push(p: IndicatorInput, out: number[]): void {
    if (!Number.isFinite(p.close)) return void (out[0] = NaN);
    out[0] = this.value = this.next(p.close);
    if (Number.isNaN(this.value)) this.seed.add(p.close);
    if (Number.isNaN(this.value) && this.seed.full) out[0] = this.value = this.seed.stats().mean;
  }
  peek(p: IndicatorInput, out: number[]): void {
    if (!Number.isFinite(p.close)) return void (out[0] = NaN);
    if (!Number.isNaN(this.value)) return void (out[0] = this.next(p.close));
    out[0] = fillsWith(this.seed) ? this.seed.stats(p.close).mean : NaN;
  }
  reset(): void {
    this.seed.reset();
    this.value = NaN;
  }
  private next(x: number): number {
    return this.value + this.k * (x - this.value);
  }
}
