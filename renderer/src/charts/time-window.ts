/**
 * The one time axis an instrument's price line and candles share: both charts compute their
 * x range here from the same price ring, so a candle sits under the prices it summarises.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { PRICE } from '../state/series-store';

/** Narrowest time span shown while the window fills. */
export const MIN_SPAN_MS = 30_000;

/** An x range, epoch ms. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The window ending at the newest price: `windowMs` long once that much is held; until then the
 * data held, at least {@link MIN_SPAN_MS}, rather than a sliver. Undefined for an empty ring.
 */
export function priceWindow(ring: ColumnarRing, windowMs: number): TimeRange | undefined {
  if (ring.end === 0) return undefined;
  const end = ring.last(PRICE.t);
  const oldest = ring.at(ring.start, PRICE.t);
  return { start: Math.max(end - windowMs, Math.min(oldest, end - MIN_SPAN_MS)), end };
}

/**
 * The x range both of an instrument's charts draw for a view range: one bar further on the
 * right, since a candle is drawn at the middle of its period and the bar still forming began
 * before the newest price; ending at that price, the axis cut the forming candle off, for the
 * first half minute of each 1-minute bar wholly. The price line gets the same room, so a candle
 * still sits under its prices.
 */
export function drawnRange(range: TimeRange, barIntervalMs: number): TimeRange {
  return { start: range.start, end: range.end + barIntervalMs };
}

/** What a zoom or pan may reach: the live window and the oldest price held. */
export function viewBounds(
  ring: ColumnarRing,
  windowMs: number,
): { live: TimeRange; oldest: number } | undefined {
  const live = priceWindow(ring, windowMs);
  return live && { live, oldest: ring.at(ring.start, PRICE.t) };
}
