/**
 * Technical indicators, computed incrementally: each point costs O(1) whatever the series
 * length, and nothing is recomputed when a batch arrives. Pure (no Chart.js, no DOM), so the
 * definitions are unit-tested against reference values (indicators.test.ts, fixture in
 * indicators.fixture.ts).
 *
 * Every indicator takes points in time order through `push` (the point is final) or `peek`
 * (the value the point would give if it were the next, without keeping it: a bar still forming).
 * A non-finite close is a gap: its outputs are NaN and the state is left as it was. `reset`
 * forgets everything, for a snapshot that replaces history.
 *
 * Definitions: SMA, EMA and Bollinger bands in ./moving-averages.ts (the interface they meet in
 * ./indicator-contract.ts); here RSI with Wilder's smoothing (first averages simple over `period` changes); VWAP over the
 * typical price (high + low + close) / 3, restarting each UTC day; volume as given.
 */
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import type { Indicator, IndicatorInput } from './indicator-contract';
import { Bollinger, Ema, Sma } from './moving-averages';

const MS_PER_DAY = 86_400_000;

class Rsi implements Indicator {
  readonly lines = 1;
  private prev = NaN;
  /** Changes seen until the first average: sums of gains and losses. */
  private changes = 0;
  private gain = 0;
  private loss = 0;
  constructor(private readonly period: number) {}
  push(p: IndicatorInput, out: number[]): void {
    if (!Number.isFinite(p.close)) return void (out[0] = NaN);
    const s = this.step(p.close);
    out[0] = s.rsi;
    this.prev = p.close;
    this.changes = s.changes;
    this.gain = s.gain;
    this.loss = s.loss;
  }
  peek(p: IndicatorInput, out: number[]): void {
    out[0] = Number.isFinite(p.close) ? this.step(p.close).rsi : NaN;
  }
  reset(): void {
    this.prev = NaN;
    this.changes = this.gain = this.loss = 0;
  }
  private step(x: number): { changes: number; gain: number; loss: number; rsi: number } {
    if (Number.isNaN(this.prev)) return { changes: 0, gain: 0, loss: 0, rsi: NaN };
    const up = Math.max(0, x - this.prev);
    const down = Math.max(0, this.prev - x);
    const n = this.period;
    const changes = Math.min(n, this.changes + 1);
    let gain: number;
    let loss: number;
    if (this.changes < n) {
      // Sums until `period` changes are in; their simple averages are the first RSI.
      gain = this.gain + up;
      loss = this.loss + down;
      if (changes < n) return { changes, gain, loss, rsi: NaN };
      gain /= n;
      loss /= n;
    } else {
      gain = (this.gain * (n - 1) + up) / n;
      loss = (this.loss * (n - 1) + down) / n;
    }
    const rsi = loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
    return { changes, gain, loss, rsi };
  }
}

class Vwap implements Indicator {
  readonly lines = 1;
  private day = NaN;
  private priceVolume = 0;
  private volume = 0;
  push(p: IndicatorInput, out: number[]): void {
    if (!Number.isFinite(p.typical) || !Number.isFinite(p.volume)) return void (out[0] = NaN);
    const day = Math.floor(p.t / MS_PER_DAY);
    if (day !== this.day) {
      this.day = day;
      this.priceVolume = this.volume = 0;
    }
    this.priceVolume += p.typical * p.volume;
    this.volume += p.volume;
    out[0] = this.volume > 0 ? this.priceVolume / this.volume : NaN;
  }
  peek(p: IndicatorInput, out: number[]): void {
    if (!Number.isFinite(p.typical) || !Number.isFinite(p.volume)) return void (out[0] = NaN);
    const sameDay = Math.floor(p.t / MS_PER_DAY) === this.day;
    const pv = (sameDay ? this.priceVolume : 0) + p.typical * p.volume;
    const v = (sameDay ? this.volume : 0) + p.volume;
    out[0] = v > 0 ? pv / v : NaN;
  }
  reset(): void {
    this.day = NaN;
    this.priceVolume = this.volume = 0;
  }
}

class Volume implements Indicator {
  readonly lines = 1;
  push(p: IndicatorInput, out: number[]): void {
    out[0] = Number.isFinite(p.volume) ? p.volume : NaN;
  }
  peek(p: IndicatorInput, out: number[]): void {
    this.push(p, out);
  }
  reset(): void {}
}

/** A fresh indicator for a spec (parameters already validated by the settings check). */
export function createIndicator(spec: IndicatorSpec): Indicator {
  switch (spec.kind) {
    case 'sma':
      return new Sma(spec.period);
    case 'ema':
      return new Ema(spec.period);
    case 'rsi':
      return new Rsi(spec.period);
    case 'bollinger':
      return new Bollinger(spec.period, spec.stdDev);
    case 'vwap':
      return new Vwap();
    case 'volume':
      return new Volume();
  }
}

/**
 * The bars `spec` needs before its first value: a period of closes for the averages and the
 * bands, one more for RSI (it averages `period` changes), one for VWAP and volume.
 */
export function barsNeeded(spec: IndicatorSpec): number {
  switch (spec.kind) {
    case 'rsi':
      return spec.period + 1;
    case 'vwap':
    case 'volume':
      return 1;
    default:
      return spec.period;
  }
}

/** A short label, e.g. "SMA 20", "BB 20 2", "VWAP". */
export function indicatorLabel(spec: IndicatorSpec): string {
  switch (spec.kind) {
    case 'bollinger':
      return `BB ${spec.period} ${spec.stdDev}`;
    case 'vwap':
    case 'volume':
      return spec.kind === 'vwap' ? 'VWAP' : 'Volume';
    default:
      return `${spec.kind.toUpperCase()} ${spec.period}`;
  }
}
