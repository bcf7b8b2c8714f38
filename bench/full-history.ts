/**
 * Puts a feed state's history in the steady state of an engine that has run for hours: every
 * market's rings (price series, bars, trade tape) full to their capacity, so a push overwrites
 * the oldest row and no ring grows again. A bench cannot feed its way there: at 5,000
 * instruments and 50k ticks/s a series fills in about a minute, the tape in four and the
 * 1-minute bars in an hour. The rows are written straight into the rings, all before `before`,
 * with a series point per bucket and a bar per interval, as the fold would have left them.
 */
import type { FeedState } from '../main/feed/feed-state';
import { SERIES_BUCKET_MS } from '../main/feed/series-bucket';

const PRICE = 100;

export function fillHistory(state: FeedState, before: number): void {
  for (const market of state.markets.values()) {
    const series = market.series;
    for (let i = series.capacity; i > 0; i--) series.push(before - i * SERIES_BUCKET_MS, PRICE);
    for (const bars of market.bars) {
      const open = before - (before % bars.intervalMs);
      const ring = bars.ring;
      for (let i = ring.capacity; i > 0; i--)
        ring.push(open - i * bars.intervalMs, PRICE, PRICE, PRICE, PRICE, 1);
      bars.updates++;
    }
    const tape = market.depth.tape;
    for (let i = tape.capacity; i > 0; i--) tape.push(before - i, PRICE, 1, 1);
  }
}
