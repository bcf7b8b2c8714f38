/**
 * One Kraken pair's data channels: `ticker` (a quote, or on a snapshot the pair's market
 * state), `trade` (with the `trade_id` gap check) and `book` (verified by its CRC32 checksum in
 * ./kraken-book.ts), and `instrument` (each pair's precision). Each reader takes the pair's
 * state; ./kraken.ts routes frames to them.
 */
import type { Obj } from './fields';
import { dec, int, isObj, isoTime, side } from './fields';
import type { TranslationBuilder } from './translation-builder';
import { PairBook, readPrecision, type BookLevel } from './kraken-book';
import type { BookState } from '../../../protocol/feed';
import type { AdapterContext } from './translator';

export const KRAKEN_BOOK_DEPTH = 10;

/** What is kept per pair across the frames of one connection. */
export interface PairState {
  readonly book: PairBook;
  /** The latest `trade_id` read; null until the first trade. */
  tradeId: number | null;
}

export function newPairState(): PairState {
  return { book: new PairBook(KRAKEN_BOOK_DEPTH), tradeId: null };
}

/** A verified Kraken book as the protocol's whole book (exact decimals become numbers). */
function bookState(s: PairState): BookState {
  const levels = (side: readonly BookLevel[]) =>
    side.map((l) => [l.price.value, l.qty.value] as const);
  return { bids: levels(s.book.book.bids), asks: levels(s.book.book.asks) };
}

/** A ticker item: a quote, or on a snapshot the pair's market state (24 h figures). */
export function readTicker(
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
  const ts = out.eventTime(isoTime(item, 'timestamp', path), `${path}.timestamp`);
  if (!snapshot) return out.quote(id, ts, bid, ask, bidSize, askSize);
  const pairBook = state.book.valid ? { book: bookState(state) } : {};
  ctx.instruments.observePrice(id, bid);
  ctx.instruments.observePrice(id, ask);
  const last = dec(item, 'last', path, true);
  const change = dec(item, 'change', path, true, true);
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
export function readTrade(
  out: TranslationBuilder,
  id: string,
  s: PairState,
  item: Obj,
  path: string,
): void {
  const tradeId = int(item, 'trade_id', path);
  const price = dec(item, 'price', path, true);
  const qty = dec(item, 'qty', path, true);
  const taker = side(item, 'side', path);
  const ts = out.eventTime(isoTime(item, 'timestamp', path), `${path}.timestamp`);
  if (s.tradeId !== null && tradeId <= s.tradeId) return; // already seen
  if (s.tradeId !== null && tradeId > s.tradeId + 1)
    out.lost(id, 'gap', `kraken: ${id} trade ${tradeId} after ${s.tradeId}: trades were missed`);
  s.tradeId = tradeId;
  out.trade(id, ts, price, qty.value, taker);
}

/** The pair's book can no longer be verified: resubscribe it (once until its snapshot). */
export function bookBroken(out: TranslationBuilder, id: string, s: PairState, why: string): void {
  if (!s.book.valid) return;
  s.book.valid = false;
  out.lost(id, 'checksum', `kraken: ${id} ${why}; resubscribing`);
}

/** A book item: applied and checked; a mismatch resubscribes, a verified book goes on whole. */
export function readBook(
  out: TranslationBuilder,
  id: string,
  s: PairState,
  item: Obj,
  path: string,
  snapshot: boolean,
  receivedAt: number,
): void {
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

/** The `instrument` channel: each pair's declared precision, for its book and its display. */
export function readInstruments(
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
