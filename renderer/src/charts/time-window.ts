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
 * Of a view zoomed narrower than its live window, the most of its span the room on the right
 * (drawnRange) takes: a whole bar of it left a line zoomed to 5 s on 1-minute candles in the
 * left twelfth of its chart (5 s of prices, then 60 s of nothing).
 */
export const ZOOMED_ROOM_FRACTION = 0.1;

/**
 * The x range both of an instrument's charts draw for a view range: one bar further on the
 * right, since a candle is drawn at the middle of its period and the bar still forming began
 * before the newest price; ending at that price, the axis cut the forming candle off, for the
 * first half minute of each 1-minute bar wholly. The price line gets the same room, so a candle
 * still sits under its prices. A view zoomed narrower than the `live` window gets at most
 * {@link ZOOMED_ROOM_FRACTION} of its span: the prices zoomed to are what the user looks at.
 */
export function drawnRange(range: TimeRange, barIntervalMs: number, live?: TimeRange): TimeRange {
  const span = range.end - range.start;
  const room = zoomedIn(span, live)
    ? Math.min(barIntervalMs, span * ZOOMED_ROOM_FRACTION)
    : barIntervalMs;
  return { start: range.start, end: range.end + room };
}

/** The view a drawn x range shows (a zoom or a pan moved the axis): drawnRange undone. */
export function viewOfDrawn(drawn: TimeRange, barIntervalMs: number, live: TimeRange): TimeRange {
  const whole = drawn.end - drawn.start;
  if (!zoomedIn(whole - barIntervalMs, live))
    return { start: drawn.start, end: drawn.end - barIntervalMs };
  // span + min(bar, span × fraction) = whole: a bar of room while that is the smaller.
  const span =
    (whole - barIntervalMs) * ZOOMED_ROOM_FRACTION >= barIntervalMs
      ? whole - barIntervalMs
      : whole / (1 + ZOOMED_ROOM_FRACTION);
  return { start: drawn.start, end: drawn.start + span };
}

/** A view `spanMs` wide is zoomed in: narrower than the live window (by more than a rounding). */
function zoomedIn(spanMs: number, live: TimeRange | undefined): boolean {
  return live !== undefined && spanMs < live.end - live.start - 1;
}

/** What a zoom or pan may reach: the live window and the oldest price held. */
export function viewBounds(
  ring: ColumnarRing,
  windowMs: number,
): { live: TimeRange; oldest: number } | undefined {
  const live = priceWindow(ring, windowMs);
  return live && { live, oldest: ring.at(ring.start, PRICE.t) };
}
