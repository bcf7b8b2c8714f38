/**
 * Binance Spot market streams: trade, bookTicker, kline_1m and the partial book depth
 * (`depth20@100ms`) per symbol on one combined stream (`/stream?streams=...`), so the
 * subscription is the URL and nothing is sent.
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
 *
 * Depth: each partial-depth message is the whole top 20 a side, so the book needs no REST
 * snapshot (the diff stream does) and no gap can corrupt it; `lastUpdateId` only orders the
 * messages (an older one than the last read is dropped).
 *
 * Rules honoured: the server's protocol pings (every 20 s) are answered by `ws` itself (it
 * auto-pongs with the ping's payload); the connection is renewed before Binance's 24 h cut;
 * we never send more than 4 frames a second against the 5 msg/s inbound limit, which counts
 * those pongs too.
 */
import type { Obj } from './fields';
import { FieldError, bool, dec, int, isObj, obj, parseFrame, str } from './fields';
import { TranslationBuilder } from './translation-builder';
import { readLevels } from './book-levels';
import { binanceInstrument } from './symbols';
import { SILENT_SYMBOL_MS, SilentSymbols } from './silent-symbols';
import type { AdapterContext, ConnectionRules, Translation, Translator } from './translator';

export const BINANCE_ENDPOINT = 'wss://stream.binance.com:9443';
/** Binance cuts a connection at 24 h; we reconnect half an hour earlier. */
export const BINANCE_MAX_CONNECTION_AGE_MS = 23.5 * 60 * 60 * 1000;
/** Binance's limit is 5 incoming messages per second, pongs included; we keep one spare. */
export const BINANCE_MAX_SEND_PER_SECOND = 4;
/** Book levels a side of the partial depth stream (Binance offers 5, 10 or 20). */
export const BINANCE_BOOK_DEPTH = 20;
const DEPTH_STREAM = `depth${BINANCE_BOOK_DEPTH}@100ms`;
/** As many as `BINANCE_STREAMS_PER_SYMBOL` (symbols.ts) counts against the stream limit. */
const STREAMS_PER_SYMBOL = ['trade', 'bookTicker', 'kline_1m', DEPTH_STREAM] as const;

export const BINANCE_RULES: ConnectionRules = {
  defaultEndpoint: BINANCE_ENDPOINT,
  // No application heartbeat; kline_1m updates every 2 s for a traded symbol.
  heartbeatMs: 30_000,
  maxConnectionAgeMs: BINANCE_MAX_CONNECTION_AGE_MS,
  maxSendPerSecond: BINANCE_MAX_SEND_PER_SECOND,
};

export function createBinanceTranslator(
  symbols: readonly string[],
  ctx: AdapterContext,
): Translator {
  // Once each, whatever the case it was typed in: a stream twice counts twice against the limit.
  const lower = [...new Set(symbols.map((s) => s.toLowerCase()))];
  // A symbol found silent stays out: the stream is in the URL, but the watchlist drops it.
  const listed = lower.filter((s) => !ctx.refused.has(s.toUpperCase()));
  for (const s of listed)
    if (!ctx.instruments.has(s.toUpperCase())) ctx.instruments.put(binanceInstrument(s));

  // A stream for a symbol Binance does not list is accepted and stays silent.
  const silent = new SilentSymbols(listed);
  /** The trade id `t` of each symbol's latest trade read. */
  const tradeIds = new Map<string, number>();
  /** The `lastUpdateId` of each symbol's latest depth message read. */
  const depthIds = new Map<string, number>();

  function reportSilent(out: TranslationBuilder, receivedAt: number): void {
    for (const symbol of silent.due(receivedAt)) {
      const id = symbol.toUpperCase();
      ctx.instruments.remove(id);
      ctx.refused.add(id);
      out.exchangeError(
        `binance: no data for ${id} in ${SILENT_SYMBOL_MS / 1000} s: not a Binance spot symbol?`,
        id,
      );
    }
  }

  function read(out: TranslationBuilder, frame: Obj, receivedAt: number): void {
    if ('result' in frame && 'id' in frame) return; // ack of a control request
    const error = isObj(frame.error) ? frame.error : frame;
    if (typeof error.msg === 'string') {
      out.exchangeError(`binance: ${error.msg} (code ${String(error.code)})`);
      return;
    }
    if (frame.e === 'serverShutdown') {
      out.reconnect = 'binance: serverShutdown';
      return;
    }
    const stream = str(frame, 'stream', 'frame');
    const data = obj(frame.data, 'frame.data');
    if (data.e === 'serverShutdown') {
      out.reconnect = 'binance: serverShutdown';
      return;
    }
    const at = stream.indexOf('@');
    const symbol = stream.slice(0, at);
    const kind = stream.slice(at + 1);
    if (at < 1 || !lower.includes(symbol))
      throw new FieldError('frame.stream', `one of our streams (${lower.join(', ')})`, stream);
    if (kind === DEPTH_STREAM) {
      // The partial depth payload names no symbol: the stream name is all there is.
      silent.hear(symbol);
      return readDepth(out, symbol.toUpperCase(), data, receivedAt);
    }
    // Stream names are lowercase, the `s` field uppercase: they must name the same symbol.
    const s = str(data, 's', 'data');
    if (s.toLowerCase() !== symbol) throw new FieldError('data.s', `"${symbol.toUpperCase()}"`, s);
    const id = symbol.toUpperCase();
    silent.hear(symbol);
    if (kind === 'trade') {
      const price = dec(data, 'p', 'data');
      const size = dec(data, 'q', 'data');
      const ts = out.eventTime(int(data, 'T', 'data'), 'data.T');
      // `m`: the buyer is the maker, so the aggressor sold.
      const side = bool(data, 'm', 'data') ? 'sell' : 'buy';
      // Trade ids rise per symbol: one not above the last read was counted already (its volume
      // would be counted twice, and a volume alert fire on it).
      const tradeId = int(data, 't', 'data');
      const last = tradeIds.get(id);
      if (last !== undefined && tradeId <= last) return;
      tradeIds.set(id, tradeId);
      out.trade(id, ts, price, size.value, side);
    } else if (kind === 'bookTicker') {
      const bid = dec(data, 'b', 'data');
      const ask = dec(data, 'a', 'data');
      const bidSize = dec(data, 'B', 'data');
      const askSize = dec(data, 'A', 'data');
      int(data, 'u', 'data');
      // bookTicker has no event time: the receive time is the best we know.
      out.quote(id, receivedAt, bid, ask, bidSize.value, askSize.value);
    } else if (kind === 'kline_1m') {
      // Bars are built from trades; the kline stream is read for precision and liveness.
      const k = obj(data.k, 'data.k');
      int(data, 'E', 'data');
      for (const key of ['o', 'h', 'l', 'c'])
        ctx.instruments.observePrice(id, dec(k, key, 'data.k'));
      dec(k, 'v', 'data.k');
      out.heartbeat = true;
    } else {
      throw new FieldError(
        'frame.stream',
        `a trade, bookTicker, kline_1m or ${DEPTH_STREAM} stream`,
        stream,
      );
    }
  }

  /** A whole top-of-book; one older than the last read arrived out of order and is dropped. */
  function readDepth(out: TranslationBuilder, id: string, data: Obj, receivedAt: number): void {
    const updateId = int(data, 'lastUpdateId', 'data');
    const bids = readLevels(data.bids, 'data.bids', BINANCE_BOOK_DEPTH);
    const asks = readLevels(data.asks, 'data.asks', BINANCE_BOOK_DEPTH);
    const last = depthIds.get(id);
    if (last !== undefined && updateId <= last) return;
    depthIds.set(id, updateId);
    // No event time in the spot partial depth payload: stamped with the receive time.
    out.book(id, receivedAt, bids, asks);
  }

  return {
    exchange: 'binance',
    rules: BINANCE_RULES,
    url(endpoint) {
      const base = (endpoint ?? BINANCE_ENDPOINT).replace(/\/+$/, '');
      const streams = lower.flatMap((s) => STREAMS_PER_SYMBOL.map((k) => `${s}@${k}`));
      return `${base}/stream?streams=${streams.join('/')}`;
    },
    onOpen: () => [],
    onMessage(text: string, receivedAt: number): Translation {
      const out = new TranslationBuilder(ctx, receivedAt);
      try {
        read(out, parseFrame(text), receivedAt);
      } catch (e) {
        out.malformed(e);
      }
      reportSilent(out, receivedAt);
      return out.done();
    },
    // Trades carry no documented gap rule; a resync is a reconnect.
    resyncFrames: () => [],
  };
}
