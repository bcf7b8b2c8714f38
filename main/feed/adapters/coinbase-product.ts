/**
 * One Coinbase product's channels but the book (./coinbase-book.ts): `ticker` (a quote, or the
 * product's snapshot when one is due), `matches` (trades, with the `trade_id` gap check) and
 * `heartbeat` (which names the trade we should have seen). Each reader takes the product's
 * state; ./coinbase.ts routes messages to them.
 */
import type { Obj } from './fields';
import { dec, int, isoTime, side } from './fields';
import type { TranslationBuilder } from './translation-builder';
import type { OrderBook } from '../../../shared/order-book';
import { COINBASE_BOOK_LEVELS } from './coinbase-book';
import type { AdapterContext } from './translator';

/** What is kept per product across the frames of one connection. */
export interface ProductState {
  /** Latest trade id seen; null until `last_match` or a heartbeat sets the baseline. */
  tradeId: number | null;
  /** `last_trade_id` of the previous heartbeat: that trade must have arrived by the next one. */
  expected: number | null;
  /** Latest `sequence` per message type, to drop messages that arrive out of order. */
  readonly sequence: Map<string, number>;
  /** The next ticker becomes a snapshot (first subscription, or after a resync). */
  needSnapshot: boolean;
  /** Resubscribed after a gap: no gap checks until `last_match` sets a new baseline. */
  resyncing: boolean;
  /** The book from `level2_batch`; null until its snapshot (and again after a resync). */
  book: OrderBook | null;
}

export function newProductState(): ProductState {
  return {
    tradeId: null,
    expected: null,
    sequence: new Map(),
    needSnapshot: true,
    resyncing: false,
    book: null,
  };
}

/** False when the message is older than one already read. */
function inOrder(m: Obj, type: string, s: ProductState): boolean {
  const seq = int(m, 'sequence', type);
  const last = s.sequence.get(type);
  if (last !== undefined && seq <= last) return false;
  s.sequence.set(type, seq);
  return true;
}

/** Counts a gap when trade `next` is more than one past the last trade seen. */
function checkTrades(
  out: TranslationBuilder,
  id: string,
  s: ProductState,
  next: number,
  what: string,
): void {
  if (s.tradeId === null || s.resyncing || next <= s.tradeId + 1) return;
  s.resyncing = true;
  out.lost(id, 'gap', `coinbase: ${id} ${what}, last trade seen ${s.tradeId}: trades were dropped`);
}

/**
 * A heartbeat names the latest trade. A match may still be on its way, so a trade is only
 * missing if the previous heartbeat named it and it has not arrived since.
 */
export function readHeartbeat(out: TranslationBuilder, m: Obj, id: string, s: ProductState): void {
  out.heartbeat = true;
  if (!inOrder(m, 'heartbeat', s)) return;
  const last = int(m, 'last_trade_id', 'heartbeat');
  if (s.tradeId === null) s.tradeId = last;
  else if (s.expected !== null && s.expected > s.tradeId)
    checkTrades(out, id, s, s.expected + 1, `heartbeat named trade ${s.expected}`);
  s.expected = last;
}

/** A ticker: a quote, or the product's snapshot when one is due. */
export function readTicker(
  out: TranslationBuilder,
  ctx: AdapterContext,
  m: Obj,
  id: string,
  s: ProductState,
): void {
  const type = 'ticker';
  if (!inOrder(m, type, s)) return;
  const bid = dec(m, 'best_bid', type);
  const ask = dec(m, 'best_ask', type);
  const bidSize = dec(m, 'best_bid_size', type);
  const askSize = dec(m, 'best_ask_size', type);
  const price = dec(m, 'price', type);
  const ts = out.eventTime(isoTime(m, 'time', type), `${type}.time`);
  for (const p of [bid, ask, price]) ctx.instruments.observePrice(id, p);
  if (!s.needSnapshot) return out.quote(id, ts, bid, ask, bidSize.value, askSize.value);
  s.needSnapshot = false;
  const book = s.book === null ? {} : { book: s.book.top(COINBASE_BOOK_LEVELS) };
  out.snapshot(id, {
    kind: 'market',
    bid: bid.value,
    ask: ask.value,
    bidSize: bidSize.value,
    askSize: askSize.value,
    open: dec(m, 'open_24h', type).value,
    high: dec(m, 'high_24h', type).value,
    low: dec(m, 'low_24h', type).value,
    last: price.value,
    lastSize: dec(m, 'last_size', type).value,
    volume: dec(m, 'volume_24h', type).value,
    trades: ctx.trades.get(id) ?? 0,
    ts,
    ...book,
  });
}

/** A `match` (a trade) or `last_match` (the trade baseline a subscription starts from). */
export function readMatch(
  out: TranslationBuilder,
  m: Obj,
  type: 'match' | 'last_match',
  id: string,
  s: ProductState,
): void {
  if (!inOrder(m, 'match', s)) return;
  const tradeId = int(m, 'trade_id', type);
  const price = dec(m, 'price', type);
  const size = dec(m, 'size', type);
  const maker = side(m, 'side', type);
  const ts = out.eventTime(isoTime(m, 'time', type), `${type}.time`);
  if (type === 'last_match')
    s.resyncing = false; // the new baseline after (re)subscribing
  else checkTrades(out, id, s, tradeId, `match of trade ${tradeId}`);
  if (s.tradeId !== null && tradeId <= s.tradeId) return; // already seen
  s.tradeId = tradeId;
  // `side` is the maker's: a sell maker means a buyer took it.
  out.trade(id, ts, price, size.value, maker === 'sell' ? 'buy' : 'sell');
}
