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
import { FieldError, arr, each, known, namedSymbol, parseFrame, str } from './fields';
import { TranslationBuilder } from './translation-builder';
import { numberQuoter } from './decimal';
import {
  KRAKEN_BOOK_DEPTH,
  newPairState,
  readBook,
  readInstruments,
  readTicker,
  readTrade,
  type PairState,
} from './kraken-pair';
import { krakenInstrument } from './symbols';
import { SilentSymbols } from './silent-symbols';
import { dropPair, readPairStatuses } from './kraken-status';
import type { AdapterContext, ConnectionRules, Translation, Translator } from './translator';

export const KRAKEN_ENDPOINT = 'wss://ws.kraken.com/v2';
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
export const KRAKEN_RULES: ConnectionRules = {
  defaultEndpoint: KRAKEN_ENDPOINT,
  heartbeatMs: 2_000,
  maxSendPerSecond: 10,
  keepalive: {
    intervalMs: PING_INTERVAL_MS,
    frame: () => JSON.stringify({ method: 'ping', req_id: ++pingId }),
  },
};

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
    const about = pairs.find((p) => m.symbol === p) ?? namedSymbol(text, pairs);
    // A refused subscription means the pair is unknown (a failed unsubscribe does not, nor a
    // subscription that is there already: the pair streams).
    if (about && m.method === 'subscribe' && !/already subscribed/i.test(text))
      dropPair(out, ctx, pairs, about);
    out.exchangeError(
      about && namedSymbol(text, [about]) === undefined ? `${text} (${about})` : text,
      about,
    );
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
  // Once each: Kraken refuses a second subscription of a pair ("Already subscribed").
  const pairs = [...new Set(symbols.map((s) => s.toUpperCase()))].filter(
    (p) => !ctx.refused.has(p),
  );
  const state = new Map<string, PairState>(pairs.map((p) => [p, newPairState()]));
  for (const p of pairs) if (!ctx.instruments.has(p)) ctx.instruments.put(krakenInstrument(p));
  const silent = new SilentSymbols(pairs);
  /** The pair a data item names; it has been heard from. */
  const pair = (item: Obj, path: string) => {
    const found = known(state, item, 'symbol', path);
    silent.hear(found[0]);
    return found;
  };

  function read(out: TranslationBuilder, m: Obj, receivedAt: number): void {
    if (typeof m.method === 'string') return readMethodReply(out, ctx, pairs, m);
    const channel = str(m, 'channel', 'frame');
    if (channel === 'heartbeat') {
      out.heartbeat = true;
      return;
    }
    const type = m.type;
    if (channel === 'instrument') {
      readPairStatuses(out, ctx, pairs, m.data);
      return readInstruments(out, ctx, state, m.data);
    }
    const data = arr(m.data, `${channel}.data`);
    if (channel === 'status') return readStatus(out, data);
    if (type !== 'snapshot' && type !== 'update')
      throw new FieldError(`${channel}.type`, '"snapshot" or "update"', type);
    if (channel !== 'book' && channel !== 'ticker' && channel !== 'trade') return;
    const snapshot = type === 'snapshot';
    each(out, data, `${channel}.data`, (item, p) => {
      // A delisted pair's last frames, sent before Kraken dropped its subscriptions.
      if (typeof item.symbol === 'string' && ctx.refused.has(item.symbol)) return;
      if (channel === 'book') readBook(out, ...pair(item, p), item, p, snapshot, receivedAt);
      else if (channel === 'ticker') readTicker(out, ctx, ...pair(item, p), item, p, snapshot);
      else readTrade(out, ...pair(item, p), item, p);
    });
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
      const out = new TranslationBuilder(ctx, receivedAt);
      try {
        read(out, parseFrame(quoteDecimals(text)), receivedAt);
      } catch (e) {
        out.malformed(e);
      }
      // Kraken sends a ticker snapshot at once on subscribing: silence is worth a word.
      silent.reportDue(out, ctx.refused, 'kraken', receivedAt);
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
