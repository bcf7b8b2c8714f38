/**
 * Coinbase Exchange ws-feed: `ticker` (top of book and 24 h figures), `matches` (trades),
 * `heartbeat` and `level2_batch` (the order book) per product.
 * https://docs.cdp.coinbase.com/exchange/websocket-feed/overview
 *
 * Rules honoured: the subscribe goes out on open (Coinbase disconnects after 5 s without one).
 * Gaps: `sequence` counts every message of a product on the full feed, so on these filtered
 * channels it jumps by design (coinbase/coinbase-pro-node#227); it only orders messages here
 * (older ones are dropped, as the docs allow). Lost trades are found the way the docs suggest
 * for `matches`: `trade_id` rises by 1 per product, and the heartbeat's `last_trade_id` says
 * which trade we should have seen. A gap resubscribes the product, whose first `ticker` then
 * becomes a snapshot.
 *
 * Book: `level2_batch`, kept and checked in ./coinbase-book.ts. A resync (a trade gap, a
 * crossed book) resubscribes the book and shows none until its new snapshot.
 */
import type { Obj } from './fields';
import { FieldError, arr, dec, int, isObj, isoTime, parseFrame, str } from './fields';
import { TranslationBuilder } from './translation-builder';
import type { OrderBook } from '../../../shared/order-book';
import { COINBASE_BOOK_LEVELS, readBookSnapshot, readBookUpdate } from './coinbase-book';
import { coinbaseInstrument } from './symbols';
import type { AdapterContext, FeedRules, Translation, Translator } from './translator';

export { COINBASE_BOOK_DEPTH, COINBASE_BOOK_LEVELS } from './coinbase-book';

export const COINBASE_ENDPOINT = 'wss://ws-feed.exchange.coinbase.com';
const CHANNELS = ['ticker', 'matches', 'heartbeat', 'level2_batch'] as const;
/** The channels a resync resubscribes: what brings fresh state (trades baseline, ticker, book). */
const RESYNC_CHANNELS = ['ticker', 'matches', 'level2_batch'] as const;

export const COINBASE_RULES: FeedRules = {
  defaultEndpoint: COINBASE_ENDPOINT,
  heartbeatMs: 2_000, // the heartbeat channel sends one per product per second
  maxSendPerSecond: 8, // 8 requests/s per IP
  subscribeWithinMs: 5_000,
};

interface ProductState {
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

const subscribe = (
  type: 'subscribe' | 'unsubscribe',
  ids: readonly string[],
  channels: readonly string[],
) => JSON.stringify({ type, product_ids: ids, channels });

function newProductState(): ProductState {
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
function readHeartbeat(out: TranslationBuilder, m: Obj, id: string, s: ProductState): void {
  out.heartbeat = true;
  if (!inOrder(m, 'heartbeat', s)) return;
  const last = int(m, 'last_trade_id', 'heartbeat');
  if (s.tradeId === null) s.tradeId = last;
  else if (s.expected !== null && s.expected > s.tradeId)
    checkTrades(out, id, s, s.expected + 1, `heartbeat named trade ${s.expected}`);
  s.expected = last;
}

/** A ticker: a quote, or the product's snapshot when one is due. */
function readTicker(
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
  const ts = isoTime(m, 'time', type);
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
function readMatch(
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
  const maker = str(m, 'side', type);
  if (maker !== 'buy' && maker !== 'sell')
    throw new FieldError(`${type}.side`, '"buy" or "sell"', maker);
  const ts = isoTime(m, 'time', type);
  if (type === 'last_match')
    s.resyncing = false; // the new baseline after (re)subscribing
  else checkTrades(out, id, s, tradeId, `match of trade ${tradeId}`);
  if (s.tradeId !== null && tradeId <= s.tradeId) return; // already seen
  s.tradeId = tradeId;
  // `side` is the maker's: a sell maker means a buyer took it.
  const side = maker === 'sell' ? 'buy' : 'sell';
  out.trade(id, ts, price, size.value, side);
}

/** Every product the `subscriptions` reply leaves out is reported. */
function readSubscriptions(out: TranslationBuilder, m: Obj, products: readonly string[]): void {
  const listed = new Set(
    arr(m.channels, 'subscriptions.channels').flatMap((c) =>
      isObj(c) && Array.isArray(c.product_ids) ? c.product_ids : [],
    ),
  );
  for (const p of products)
    if (!listed.has(p)) out.exchangeError(`coinbase: ${p} is not in the subscriptions reply`, p);
}

export function createCoinbaseTranslator(
  symbols: readonly string[],
  ctx: AdapterContext,
): Translator {
  // Products still wanted: one Coinbase rejects is dropped and the rest subscribed again.
  let products = symbols.map((s) => s.toUpperCase());
  const state = new Map<string, ProductState>(products.map((p) => [p, newProductState()]));
  for (const p of products) if (!ctx.instruments.has(p)) ctx.instruments.put(coinbaseInstrument(p));

  function product(m: Obj): [string, ProductState] {
    const id = str(m, 'product_id', m.type as string);
    const s = state.get(id);
    if (!s)
      throw new FieldError(`${String(m.type)}.product_id`, `one of ${products.join(', ')}`, id);
    return [id, s];
  }

  /** An error naming a product drops it: a subscribe naming an invalid product fails whole. */
  function readError(out: TranslationBuilder, m: Obj): void {
    const reason = typeof m.reason === 'string' ? `: ${m.reason}` : '';
    const text = `coinbase: ${str(m, 'message', 'error')}${reason}`;
    const about = products.find((p) => text.includes(p));
    out.exchangeError(text, about);
    if (about === undefined) return;
    ctx.instruments.remove(about);
    state.delete(about);
    products = products.filter((p) => p !== about);
    if (products.length > 0) out.reply.push(subscribe('subscribe', products, CHANNELS));
  }

  function read(out: TranslationBuilder, m: Obj, receivedAt: number): void {
    const type = str(m, 'type', 'frame');
    switch (type) {
      case 'error':
        return readError(out, m);
      case 'subscriptions':
        return readSubscriptions(out, m, products);
      case 'heartbeat':
        return readHeartbeat(out, m, ...product(m));
      case 'ticker':
        return readTicker(out, ctx, m, ...product(m));
      case 'last_match':
      case 'match':
        return readMatch(out, m, type, ...product(m));
      case 'snapshot':
        return readBookSnapshot(out, m, receivedAt, ...product(m));
      case 'l2update':
        return readBookUpdate(out, m, ...product(m));
      default:
        // "Clients are expected to ignore messages they do not support."
        return;
    }
  }

  return {
    exchange: 'coinbase',
    rules: COINBASE_RULES,
    url: (endpoint) => endpoint ?? COINBASE_ENDPOINT,
    onOpen: () => [subscribe('subscribe', products, CHANNELS)],
    onMessage(text: string, receivedAt: number): Translation {
      const out = new TranslationBuilder(ctx);
      try {
        read(out, parseFrame(text), receivedAt);
      } catch (e) {
        out.malformed(e);
      }
      return out.done();
    },
    resyncFrames(instruments) {
      const ids = instruments.filter((i) => state.has(i));
      for (const id of ids) {
        const s = state.get(id)!;
        s.needSnapshot = true;
        s.resyncing = true;
        s.expected = null;
        s.sequence.clear();
        s.book = null;
      }
      if (ids.length === 0) return [];
      // A fresh subscription brings `last_match` (the new trade baseline), a ticker and the
      // book's snapshot.
      return [
        subscribe('unsubscribe', ids, RESYNC_CHANNELS),
        subscribe('subscribe', ids, RESYNC_CHANNELS),
      ];
    },
  };
}
