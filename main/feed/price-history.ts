/**
 * Answers a page's request for older price history from an instrument's series ring: the
 * points in a time range, thinned as batches thin them (each bucket's min and max kept), so a
 * reply is bounded whatever the range. With a bar interval, its bars instead (bar-history.ts).
 */
import type { PriceHistory, PriceHistoryRequest } from '../../protocol/price-history';
import type { MarketState } from './market-state';
import { SERIES_PRICE, SERIES_T } from './market-history';
import { barHistory } from './bar-history';
import { thinIndices } from './thin';

export function priceHistory(
  state: MarketState | undefined,
  request: PriceHistoryRequest,
): PriceHistory {
  const { id, from, to, maxPoints, barIntervalMs } = request;
  // A bar interval asks for bars instead (bar-history.ts).
  if (barIntervalMs !== undefined)
    return { id, t: [], price: [], bars: barHistory(state, { ...request, barIntervalMs }) };
  if (state === undefined) return { id, t: [], price: [] };
  const ring = state.series;
  const first = ring.lowerBound(from);
  const end = ring.lowerBound(to);
  const picked = thinIndices(first, end, maxPoints, (i) => ring.at(i, SERIES_PRICE));
  return {
    id,
    t: picked.map((i) => ring.at(i, SERIES_T)),
    price: picked.map((i) => ring.at(i, SERIES_PRICE)),
  };
}
