/**
 * A market's OHLCV bars, one ring per interval of protocol/batch.ts's `BAR_INTERVALS_MS`, each
 * bounded to {@link BAR_HISTORY} bars whatever the trade rate.
 */
import type { BarIntervalMs } from '../../protocol/batch';
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import { ColumnarRing } from '../../shared/columnar-ring';

/** Bars held per interval (allocated as bars open). */
export const BAR_HISTORY = 64;

/** Columns of a bar ring. */
export const BAR_T = 0;
export const BAR_O = 1;
export const BAR_H = 2;
export const BAR_L = 3;
export const BAR_C = 4;
export const BAR_V = 5;

/** Bars of one interval; `updates` rises whenever a bar opens or changes. */
export interface Bars {
  readonly intervalMs: BarIntervalMs;
  readonly ring: ColumnarRing;
  updates: number;
}

/** Empty bars for every interval, shortest first. */
export function createBars(): readonly Bars[] {
  return BAR_INTERVALS_MS.map((intervalMs) => ({
    intervalMs,
    ring: new ColumnarRing(BAR_HISTORY, 6),
    updates: 0,
  }));
}

/** Folds a trade (its price, the extremes it reports, its size) into the bar of its time. */
export function addToBar(
  bars: Bars,
  ts: number,
  price: number,
  high: number,
  low: number,
  size: number,
): void {
  const ring = bars.ring;
  const t = ts - (ts % bars.intervalMs);
  // A late tick belongs to a bar already closed; it updates the open bar instead of
  // reopening history, which consumers have already drawn.
  if (ring.length === 0 || t > ring.last(BAR_T)) {
    ring.push(t, price, high, low, price, size);
  } else {
    ring.setLast(BAR_H, Math.max(ring.last(BAR_H), high));
    ring.setLast(BAR_L, Math.min(ring.last(BAR_L), low));
    ring.setLast(BAR_C, price);
    ring.setLast(BAR_V, ring.last(BAR_V) + size);
  }
  bars.updates++;
}

/**
 * Drops the bars that were still open at event time `t` and every later one (a replay seek), so
 * no bar carries a price from after the cursor.
 */
export function keepBarsUpTo(bars: Bars, t: number): void {
  bars.ring.dropAfter(BAR_T, t - bars.intervalMs);
  bars.updates++;
}
