/**
 * Coinbase Exchange ws-feed: `ticker` (top of book and 24 h figures), `matches` (trades),
 * `heartbeat` and `level2_batch` (the order book) per product, and `status` (each product's
 * trading status, read in ./coinbase-status.ts).
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
import { arr, isObj, known, namedSymbol, parseFrame, str } from './fields';
import { TranslationBuilder } from './translation-builder';
import { readBookSnapshot, readBookUpdate } from './coinbase-book';
import { readProductStatuses, STATUS_SUBSCRIBE } from './coinbase-status';
import {
  newProductState,
  readHeartbeat,
  readMatch,
  readTicker,
  type ProductState,
} from './coinbase-product';
import { coinbaseInstrument } from './symbols';
import { SilentSymbols } from './silent-symbols';
import type { AdapterContext, ConnectionRules, Translation, Translator } from './translator';

export const COINBASE_ENDPOINT = 'wss://ws-feed.exchange.coinbase.com';
const CHANNELS = ['ticker', 'matches', 'heartbeat', 'level2_batch'] as const;
/** The channels a resync resubscribes: what brings fresh state (trades baseline, ticker, book). */
const RESYNC_CHANNELS = ['ticker', 'matches', 'level2_batch'] as const;

export const COINBASE_RULES: ConnectionRules = {
  defaultEndpoint: COINBASE_ENDPOINT,
  heartbeatMs: 2_000, // the heartbeat channel sends one per product per second
  maxSendPerSecond: 8, // 8 requests/s per IP
  subscribeWithinMs: 5_000,
};

const subscribe = (
  type: 'subscribe' | 'unsubscribe',
  ids: readonly string[],
  channels: readonly string[],
) => JSON.stringify({ type, product_ids: ids, channels });

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
  let products = [...new Set(symbols.map((s) => s.toUpperCase()))].filter(
    (p) => !ctx.refused.has(p),
  );
  const state = new Map<string, ProductState>(products.map((p) => [p, newProductState()]));
  for (const p of products) if (!ctx.instruments.has(p)) ctx.instruments.put(coinbaseInstrument(p));

  const product = (m: Obj) => known(state, m, 'product_id', m.type as string);
  const silent = new SilentSymbols(products);
  /** The product a data message names (a heartbeat is not data); it has been heard from. */
  const data = (m: Obj) => {
    const found = product(m);
    silent.hear(found[0]);
    return found;
  };

  /**
   * Takes product `id` out for the session (Coinbase refused or delisted it): out of the
   * watchlist, never subscribed again; the source fails once none is left.
   */
  function drop(out: TranslationBuilder, id: string, why: 'refused' | 'delisted'): void {
    ctx.instruments.remove(id);
    ctx.refused.add(id);
    state.delete(id);
    products = products.filter((p) => p !== id);
    // A delisted product is still subscribed on this connection: its channels are left.
    if (products.length > 0 && why === 'delisted')
      out.reply.push(subscribe('unsubscribe', [id], CHANNELS));
    if (products.length > 0) return;
    out.fail =
      why === 'refused'
        ? `coinbase refused every product (${[...ctx.refused].join(', ')}): nothing to subscribe`
        : `coinbase delisted the last product left (${id}): nothing to subscribe`;
  }

  /** An error naming a product drops it: a subscribe naming an invalid product fails whole. */
  function readError(out: TranslationBuilder, m: Obj): void {
    const reason = typeof m.reason === 'string' ? `: ${m.reason}` : '';
    const text = `coinbase: ${str(m, 'message', 'error')}${reason}`;
    const about = namedSymbol(text, products);
    out.exchangeError(text, about);
    if (about === undefined) return;
    drop(out, about, 'refused');
    if (products.length > 0) out.reply.push(subscribe('subscribe', products, CHANNELS));
  }

  function read(out: TranslationBuilder, m: Obj, receivedAt: number): void {
    const type = str(m, 'type', 'frame');
    // What a dropped product sent before its unsubscribe took effect is no longer read.
    if (typeof m.product_id === 'string' && ctx.refused.has(m.product_id)) return;
    switch (type) {
      case 'error':
        return readError(out, m);
      case 'subscriptions':
        return readSubscriptions(out, m, products);
      case 'status':
        return readProductStatuses(out, ctx, products, m, (id) => drop(out, id, 'delisted'));
      case 'heartbeat':
        return readHeartbeat(out, m, ...product(m));
      case 'ticker':
        return readTicker(out, ctx, m, ...data(m));
      case 'last_match':
      case 'match':
        return readMatch(out, m, type, ...data(m));
      case 'snapshot':
        return readBookSnapshot(out, m, receivedAt, ...data(m));
      case 'l2update':
        return readBookUpdate(out, m, ...data(m));
      default:
        // "Clients are expected to ignore messages they do not support."
        return;
    }
  }

  return {
    exchange: 'coinbase',
    rules: COINBASE_RULES,
    url: (endpoint) => endpoint ?? COINBASE_ENDPOINT,
    onOpen: () => [subscribe('subscribe', products, CHANNELS), STATUS_SUBSCRIBE],
    onMessage(text: string, receivedAt: number): Translation {
      const out = new TranslationBuilder(ctx, receivedAt);
      try {
        read(out, parseFrame(text), receivedAt);
      } catch (e) {
        out.malformed(e);
      }
      // A subscription brings each product's ticker and book at once: silence is worth a word.
      silent.reportDue(out, ctx.refused, 'coinbase', receivedAt);
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
