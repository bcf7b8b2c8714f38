/**
 * Folds a market tick into the market's record (market-state-columns.ts) and, where the tick
 * needs them, its rings. The fold takes the record's table and offset from its caller, who
 * keeps them beside the instrument's slot: with thousands of instruments each tick lands on a
 * market out of the cache, and reaching the record through the market object was one more
 * dependent miss. A quote touches the market object only when its series bucket needs the ring
 * (a bucket's second point, or a bucket still open from an earlier one), which with thousands
 * of instruments is rare: a batch seals every open bucket, and an instrument ticks a few
 * times between batches at most.
 */
import type { MarketTick } from '../../protocol/feed';
import { addToBar } from './market-bars';
import {
  ASK,
  ASK_SIZE,
  BID,
  BID_SIZE,
  BUCKET,
  HIGH,
  LAST,
  LAST_SIZE,
  LOW,
  OPEN,
  TRADES,
  TS,
  VERSION,
  VOLUME,
} from './market-state-columns';
import type { MarketState } from './market-state';
import { addPoint } from './series-bucket';

/**
 * Folds `tick` into the record at `b` of `d`, which must be `market`'s; true when it opened a
 * series bucket (the market then owes a seal before the next batch).
 */
export function foldMarketTick(
  d: Float64Array,
  b: number,
  tick: MarketTick,
  market: MarketState,
): boolean {
  const wasOpen = d[b + BUCKET]! >= 0;
  if (tick.kind === 'quote') {
    const mid = (tick.bid + tick.ask) / 2;
    d[b + BID] = tick.bid;
    d[b + ASK] = tick.ask;
    d[b + BID_SIZE] = tick.bidSize;
    d[b + ASK_SIZE] = tick.askSize;
    if (d[b + OPEN] === 0) d[b + OPEN] = d[b + HIGH] = d[b + LOW] = mid;
    addPoint(d, b, market, tick.ts, mid);
  } else if (tick.kind === 'book') {
    market.depth.applyBook(tick);
  } else {
    const high = tick.high ?? tick.price;
    const low = tick.low ?? tick.price;
    if (d[b + OPEN] === 0) d[b + OPEN] = d[b + HIGH] = d[b + LOW] = tick.price;
    d[b + LAST] = tick.price;
    d[b + LAST_SIZE] = tick.size;
    d[b + HIGH] = Math.max(d[b + HIGH]!, high);
    d[b + LOW] = Math.min(d[b + LOW]!, low);
    d[b + VOLUME] = d[b + VOLUME]! + tick.size;
    d[b + TRADES] = d[b + TRADES]! + (tick.count ?? 1);
    addPoint(d, b, market, tick.ts, tick.price);
    market.depth.applyTrade(tick);
    for (const bars of market.bars) addToBar(bars, tick.ts, tick.price, high, low, tick.size);
  }
  if (tick.ts > d[b + TS]!) d[b + TS] = tick.ts;
  d[b + VERSION] = d[b + VERSION]! + 1;
  return !wasOpen && d[b + BUCKET]! >= 0;
}
