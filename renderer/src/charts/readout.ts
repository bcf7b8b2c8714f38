/**
 * The crosshair's readout: the series' values at the time under the pointer, formatted with the
 * instrument's decimals. The value at a time is the last point at or before it (a price holds
 * until the next one), so the readout says what the line shows there.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { BAR, ODDS, PRICE } from '../state/series-store';
import { formatCompact, formatMatchClock, formatPrice, formatTime } from '../state/format';

/** One readout: the point's time (its own, not the pointer's) and the lines of text shown. */
export interface Readout {
  /** Time of the point read, epoch ms (match clock ms for odds). */
  readonly t: number;
  /** The main value (price, close, or home odds), for tools and tests. */
  readonly value: number;
  readonly text: string;
}

/** Index of the last row whose time (column 0) is at or before `t`, or -1. */
export function indexAtOrBefore(ring: ColumnarRing, t: number): number {
  let i = ring.lowerBound(t);
  while (i < ring.end && ring.at(i, 0) === t) i++;
  return i - 1 >= ring.start ? i - 1 : -1;
}

/** Time and price of a price line at `t`. */
export function priceReadout(ring: ColumnarRing, t: number, decimals: number): Readout | null {
  const i = indexAtOrBefore(ring, t);
  const price = i < 0 ? NaN : ring.at(i, PRICE.price);
  if (!Number.isFinite(price)) return null;
  const at = ring.at(i, PRICE.t);
  return { t: at, value: price, text: `${formatTime(at)}  ${formatPrice(price, decimals)}` };
}

/** Time, OHLC and volume of the bar covering `t`. */
export function barReadout(
  ring: ColumnarRing,
  t: number,
  intervalMs: number,
  decimals: number,
): Readout | null {
  const i = indexAtOrBefore(ring, t);
  if (i < 0 || t >= ring.at(i, BAR.t) + intervalMs) return null;
  const f = (col: number) => formatPrice(ring.at(i, col), decimals);
  const at = ring.at(i, BAR.t);
  return {
    t: at,
    value: ring.at(i, BAR.c),
    text:
      `${formatTime(at)}  O ${f(BAR.o)}  H ${f(BAR.h)}  L ${f(BAR.l)}  C ${f(BAR.c)}` +
      `  V ${formatCompact(ring.at(i, BAR.v))}`,
  };
}

/** Match clock and the three odds at `clockMs`. */
export function oddsReadout(ring: ColumnarRing, clockMs: number): Readout | null {
  const i = indexAtOrBefore(ring, clockMs);
  if (i < 0) return null;
  const f = (col: number) => formatPrice(ring.at(i, col), 2);
  const at = ring.at(i, ODDS.clockMs);
  return {
    t: at,
    value: ring.at(i, ODDS.home),
    text: `${formatMatchClock(at)}  1 ${f(ODDS.home)}  X ${f(ODDS.draw)}  2 ${f(ODDS.away)}`,
  };
}
