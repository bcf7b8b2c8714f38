/**
 * Kraken Spot WebSocket v2: `ticker` (best bid/offer trigger), `trade`, `book` depth 10 with
 * its CRC32 checksum, and `instrument` for each pair's precision.
 * https://docs.kraken.com/api/docs/websocket-v2/book
 *
 * Rules honoured: heartbeats (about 1/s when idle) feed stall detection; an app-level `ping`
 * every 30 s keeps the connection inside Kraken's ~1 min idle timeout; a checksum mismatch is
 * counted and the book (with the ticker, for a fresh snapshot) is resubscribed. `trade_id`
 * rises by 1 per pair, so a jump is a gap, handled the same way.
 */
import type { Obj } from './fields';
import { FieldError, arr, dec, each, int, isObj, isoTime, parseFrame, str } from './fields';
import { TranslationBuilder } from './translation-builder';
import { numberQuoter } from './decimal';
import { PairBook, readPrecision, type BookLevel } from './kraken-book';
import type { BookState } from '../../../protocol/feed';
import { krakenInstrument } from './symbols';
import type { AdapterContext, FeedRules, Translation, Translator } from './translator';

export const KRAKEN_ENDPOINT = 'wss://ws.kraken.com/v2';
export const KRAKEN_BOOK_DEPTH = 10;
const PING_INTERVAL_MS = 30_000;
// v2 sends prices and quantities as JSON numbers; their text is kept exact.
const quoteDecimals = numberQuoter([
  'price',
  'qty',
  'bid',
  'ask',
  'bid_qty',
  'ask_qty',
  'last',
  'low',
  'high',
  'vwap',
  'volume',
  'change',
]);

let pingId = 0;
export const KRAKEN_RULES: FeedRules = {
  defaultEndpoint: KRAKEN_ENDPOINT,
  heartbeatMs: 2_000,
  maxSendPerSecond: 10,
  keepalive: {
    intervalMs: PING_INTERVAL_MS,
    frame: () => JSON.stringify({ method: 'ping', req_id: ++pingId }),
  },
};

/** A verified Kraken book as the protocol's whole book (exact decimals become numbers). */
function bookState(s: PairState): BookState {
  const levels = (side: readonly BookLevel[]) =>
    side.map((l) => [l.price.value, l.qty.value] as const);
  return { bids: levels(s.book.book.bids), asks: levels(s.book.book.asks) };
}

interface PairState {
  readonly book: PairBook;
  tradeId: number | null;
}

/** A ticker item: a quote, or on a snapshot the pair's market state (24 h figures). */
function readTicker(
  out: TranslationBuilder,
  ctx: AdapterContext,
  id: string,
  state: PairState,
  item: Obj,
  path: string,
  snapshot: boolean,
): void {
  const bid = dec(item, 'bid', path, true);
  const ask = dec(item, 'ask', path, true);
  const bidSize = dec(item, 'bid_qty', path, true).value;
  const askSize = dec(item, 'ask_qty', path, true).value;
  const ts = isoTime(item, 'timestamp', path);
  if (!snapshot) return out.quote(id, ts, bid, ask, bidSize, askSize);
  const pairBook = state.book.valid ? { book: bookState(state) } : {};
  ctx.instruments.observePrice(id, bid);
  ctx.instruments.observePrice(id, ask);
  const last = dec(item, 'last', path, true);
  const change = dec(item, 'change', path, true);
  const places = Math.max(last.decimals, change.decimals);
  out.snapshot(id, {
    kind: 'market',
    bid: bid.value,
    ask: ask.value,
    bidSize,
    askSize,
    // The 24 h open is last - change; rounded to the decimals both were written with.
    open: Number((last.value - change.value).toFixed(places)),
    high: dec(item, 'high', path, true).value,
    low: dec(item, 'low', path, true).value,
    last: last.value,
    lastSize: 0,
    volume: dec(item, 'volume', path, true).value,
    trades: ctx.trades.get(id) ?? 0,
    ts,
    ...pairBook,
  });
}

/** A trade item; a `trade_id` jump is a gap, a repeated one is dropped. */
function readTrade(
  out: TranslationBuilder,
  id: string,
  s: PairState,
  item: Obj,
  path: string,
): void {
  const tradeId = int(item, 'trade_id', path);
  const price = dec(item, 'price', path, true);
  const qty = dec(item, 'qty', path, true);
  const side = str(item, 'side', path);
  if (side !== 'buy' && side !== 'sell')
    throw new FieldError(`${path}.side`, '"buy" or "sell"', side);
  const ts = isoTime(item, 'timestamp', path);
  if (s.tradeId !== null && tradeId <= s.tradeId) return; // already seen
  if (s.tradeId !== null && tradeId > s.tradeId + 1)
    out.lost(id, 'gap', `kraken: ${id} trade ${tradeId} after ${s.tradeId}: trades were missed`);
  s.tradeId = tradeId;
  out.trade(id, ts, price, qty.value, side);
}

/** The pair's book can no longer be verified: resubscribe it (once until its snapshot). */
function bookBroken(out: TranslationBuilder, id: string, s: PairState, why: string): void {
  if (!s.book.valid) return;
  s.book.valid = false;
  out.lost(id, 'checksum', `kraken: ${id} ${why}; resubscribing`);
}

/** The `instrument` channel: each pair's declared precision, for its book and its display. */
function readInstruments(
  out: TranslationBuilder,
  ctx: AdapterContext,
  state: ReadonlyMap<string, PairState>,
  data: unknown,
): void {
  const list = isObj(data) && Array.isArray(data.pairs) ? data.pairs : [];
  for (const [n, p] of list.entries()) {
    if (!isObj(p) || typeof p.symbol !== 'string') continue;
    const s = state.get(p.symbol);
    if (!s || p.price_precision === undefined || p.qty_precision === undefined) continue;
    const path = `instrument.data.pairs[${n}]`;
    let pricePrecision: number;
    let qtyPrecision: number;
    try {
      pricePrecision = readPrecision(p, 'price_precision', path);
      qtyPrecision = readPrecision(p, 'qty_precision', path);
    } catch (e) {
      // The checksum depends on the precision: resync the book rather than trust it.
      out.malformed(e, p.symbol);
      bookBroken(out, p.symbol, s, 'precision rejected');
      continue;
    }
    s.book.pricePrecision = pricePrecision;
    s.book.qtyPrecision = qtyPrecision;
    ctx.instruments.declarePrecision(p.symbol, s.book.pricePrecision);
  }
}

/** A reply to one of our requests (`method`): a pong, or a failure to report. */
function readMethodReply(
  out: TranslationBuilder,
  ctx: AdapterContext,
  pairs: readonly string[],
  m: Obj,
): void {
  if (m.method === 'pong') out.heartbeat = true;
  else if (m.success === false) {
    const text = `kraken: ${String(m.method)} failed: ${typeof m.error === 'string' ? m.error : 'no reason given'}`;
    const about = pairs.find((p) => text.includes(p) || m.symbol === p);
    // A refused subscription means the pair is unknown (a failed unsubscribe does not).
    if (about && m.method === 'subscribe') ctx.instruments.remove(about);
    out.exchangeError(about && !text.includes(about) ? `${text} (${about})` : text, about);
  }
}

function readStatus(out: TranslationBuilder, data: readonly unknown[]): void {
  each(out, data, 'status.data', (item) => {
    if (item.system !== 'online')
      out.exchangeError(`kraken: trading engine is ${String(item.system)}`);
  });
}

export function createKrakenTranslator(
  symbols: readonly string[],
  ctx: AdapterContext,
): Translator {
  const pairs = symbols.map((s) => s.toUpperCase());
  const state = new Map<string, PairState>(
    pairs.map((p) => [p, { book: new PairBook(KRAKEN_BOOK_DEPTH), tradeId: null }]),
  );
  for (const p of pairs) if (!ctx.instruments.has(p)) ctx.instruments.put(krakenInstrument(p));

  function pair(item: Obj, path: string): [string, PairState] {
    const id = str(item, 'symbol', path);
    const s = state.get(id);
    if (!s) throw new FieldError(`${path}.symbol`, `one of ${pairs.join(', ')}`, id);
    return [id, s];
  }

  function readBook(
    out: TranslationBuilder,
    item: Obj,
    path: string,
    snapshot: boolean,
    receivedAt: number,
  ): void {
    const [id, s] = pair(item, path);
    let mismatch: string | null;
    try {
      mismatch = s.book.apply(item, path, snapshot);
    } catch (e) {
      // A level the book cannot take (e.g. more digits than any precision) leaves it unknown.
      bookBroken(out, id, s, 'book message rejected');
      throw e;
    }
    if (mismatch) out.lost(id, 'checksum', `kraken: ${id} ${mismatch}; resubscribing`);
    // Only a book the checksum vouched for reaches the engine, whole (10 levels a side), so a
    // resync is complete at the first verified message after it.
    else if (s.book.valid) {
      const book = bookState(s);
      out.book(id, receivedAt, book.bids, book.asks);
    }
  }

  function read(out: TranslationBuilder, m: Obj, receivedAt: number): void {
    if (typeof m.method === 'string') return readMethodReply(out, ctx, pairs, m);
    const channel = str(m, 'channel', 'frame');
    if (channel === 'heartbeat') {
      out.heartbeat = true;
      return;
    }
    const type = m.type;
    if (channel === 'instrument') return readInstruments(out, ctx, state, m.data);
    const data = arr(m.data, `${channel}.data`);
    if (channel === 'status') return readStatus(out, data);
    if (type !== 'snapshot' && type !== 'update')
      throw new FieldError(`${channel}.type`, '"snapshot" or "update"', type);
    const path = `${channel}.data`;
    if (channel === 'book')
      each(out, data, path, (item, p) => readBook(out, item, p, type === 'snapshot', receivedAt));
    else if (channel === 'ticker')
      each(out, data, path, (item, p) =>
        readTicker(out, ctx, ...pair(item, p), item, p, type === 'snapshot'),
      );
    else if (channel === 'trade')
      each(out, data, path, (item, p) => readTrade(out, ...pair(item, p), item, p));
  }

  const subscribe = (method: 'subscribe' | 'unsubscribe', params: Record<string, unknown>) =>
    JSON.stringify({ method, params });

  return {
    exchange: 'kraken',
    rules: KRAKEN_RULES,
    url: (endpoint) => endpoint ?? KRAKEN_ENDPOINT,
    onOpen: () => [
      subscribe('subscribe', { channel: 'instrument', snapshot: true }),
      subscribe('subscribe', { channel: 'ticker', symbol: pairs, event_trigger: 'bbo' }),
      subscribe('subscribe', { channel: 'trade', symbol: pairs, snapshot: false }),
      subscribe('subscribe', { channel: 'book', symbol: pairs, depth: KRAKEN_BOOK_DEPTH }),
    ],
    onMessage(text: string, receivedAt: number): Translation {
      const out = new TranslationBuilder(ctx);
      try {
        read(out, parseFrame(quoteDecimals(text)), receivedAt);
      } catch (e) {
        out.malformed(e);
      }
      return out.done();
    },
    resyncFrames(instruments) {
      const ids = instruments.filter((i) => state.has(i));
      for (const id of ids) state.get(id)!.book.valid = false;
      if (ids.length === 0) return [];
      // A new book snapshot re-establishes the checksum; a ticker snapshot the market state.
      return [
        subscribe('unsubscribe', { channel: 'book', symbol: ids, depth: KRAKEN_BOOK_DEPTH }),
        subscribe('subscribe', { channel: 'book', symbol: ids, depth: KRAKEN_BOOK_DEPTH }),
        subscribe('unsubscribe', { channel: 'ticker', symbol: ids, event_trigger: 'bbo' }),
        subscribe('subscribe', { channel: 'ticker', symbol: ids, event_trigger: 'bbo' }),
      ];
    },
  };
}
