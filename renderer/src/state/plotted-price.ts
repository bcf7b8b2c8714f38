/**
 * The price an instrument's price chart ends at: the newest point of its series, which is a
 * trade's price or a quote's mid, whichever came last (the engine folds both into the series).
 * The chart's head and the L key take it, so neither shows a price the chart does not: an
 * instrument quoted but not traded keeps its snapshot's `last` for good (its watchlist row
 * keeps it too, as terminals do), while its mids move on.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import type { RowView } from './row-view';
import { PRICE } from './series-store';

/** The newest plotted price, or `fallback` while the series holds none. */
export function plottedPrice(ring: ColumnarRing, fallback: number | undefined): number | undefined {
  const price = ring.last(PRICE.price);
  return Number.isFinite(price) ? price : fallback;
}

/**
 * `row` as the chart's head shows it: its price the plotted one, its change (the head's colour)
 * from the session open to that price.
 */
export function withPlottedPrice(row: RowView, ring: ColumnarRing): RowView {
  const last = plottedPrice(ring, row.last)!;
  if (last === row.last) return row;
  const open = row.last - row.change;
  const change = last - open;
  return { ...row, last, change, changePct: open !== 0 ? (change / open) * 100 : NaN };
}
