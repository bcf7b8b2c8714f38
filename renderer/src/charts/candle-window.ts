/**
 * What the candle chart draws from its bar ring: the bars that end inside the time window, at
 * most {@link MAX_CANDLES}, so each redraw rebuilds two short arrays; each candle at the middle
 * of the period it covers. The scales' bounds follow from them. Pure, so it is tested without a
 * canvas.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { BAR } from '../state/series-store';
import type { XY } from './streaming';
import type { TimeRange } from './time-window';

/** Most candles on screen at once (15 minutes of 5-second bars). */
export const MAX_CANDLES = 180;
/** Narrowest span, in candles, so a first bar is not drawn as a wall. */
const MIN_CANDLES = 30;

export interface Candle {
  x: number;
  o: number;
  h: number;
  l: number;
  c: number;
}

export interface CandleWindow {
  readonly candles: Candle[];
  /** One bar per candle, at the candle's x. */
  readonly volume: XY[];
  /** The candles' lowest low and highest high (Infinity and -Infinity when there are none). */
  readonly low: number;
  readonly high: number;
  readonly maxVolume: number;
}

/**
 * The bars of `ring` that end inside `range`, or the last ones while no price is held (`range`
 * undefined), at most {@link MAX_CANDLES}.
 */
export function candleWindow(
  ring: ColumnarRing,
  intervalMs: number,
  range: TimeRange | undefined,
): CandleWindow {
  const half = intervalMs / 2;
  const candles: Candle[] = [];
  const volume: XY[] = [];
  let maxVolume = 0;
  let low = Infinity;
  let high = -Infinity;
  const from = range ? ring.lowerBound(range.start - intervalMs) : ring.start;
  const to = range ? Math.min(ring.end, ring.lowerBound(range.end) + 1) : ring.end;
  for (let i = Math.max(from, ring.start, to - MAX_CANDLES); i < to; i++) {
    const x = ring.at(i, BAR.t) + half;
    const h = ring.at(i, BAR.h);
    const l = ring.at(i, BAR.l);
    candles.push({ x, o: ring.at(i, BAR.o), h, l, c: ring.at(i, BAR.c) });
    if (l < low) low = l;
    if (h > high) high = h;
    const v = ring.at(i, BAR.v);
    volume.push({ x, y: v });
    if (v > maxVolume) maxVolume = v;
  }
  // Not extensible: Chart.js then leaves the array unpatched. It wraps a dataset's array's
  // push and splice to follow its changes, and unwraps it when replaced, as this one is on
  // every redraw.
  return { candles: Object.preventExtensions(candles), volume, low, high, maxVolume };
}

/**
 * The time axis while no price line is held, ending half a bar after the `newest` candle's
 * middle: the candle width grows while the first `count` bars arrive, then stays steady.
 */
export function idleTimeRange(newest: number, count: number, intervalMs: number): TimeRange {
  const span = Math.min(MAX_CANDLES, Math.max(MIN_CANDLES, count + 4));
  return { start: newest - span * intervalMs, end: newest + intervalMs / 2 };
}

/**
 * The price scale's bounds, set from the bars themselves: with a single bar the financial
 * controller's auto-range yields an empty -0.5..1.5 axis and the candle is not drawn. A tenth
 * of the range of padding (of the price when flat), not below zero; Chart.js's own range
 * without candles.
 */
export function priceBounds(w: CandleWindow): { min?: number; max?: number } {
  if (w.candles.length === 0) return { min: undefined, max: undefined };
  const pad = (w.high - w.low) * 0.1 || Math.abs(w.high) * 0.001 || 1;
  // Never below zero for prices that are not: a spike's padding made room for negative ones.
  return { min: w.low >= 0 ? Math.max(0, w.low - pad) : w.low - pad, max: w.high + pad };
}

/**
 * The hidden volume scale's bounds: the tallest bar reaches a quarter of the price pane, whose
 * share of the height is what `rsiShare` (the RSI pane's share, 0 without it) leaves.
 */
export function volumeBounds(maxVolume: number, rsiShare: number): { min: number; max: number } {
  const total = (maxVolume > 0 ? maxVolume : 1) / ((1 - rsiShare) / 4);
  return { min: -total * rsiShare, max: total * (1 - rsiShare) };
}
