/**
 * Coinbase's word on single products: the `status` channel lists every product it has, on a
 * preset interval, with its `status` (`online`, `offline`, `delisted`) and the flags that say
 * which orders it takes (`trading_disabled`, `cancel_only`, `post_only`, `limit_only`). A
 * subscribed product that is not fully trading is kept in {@link PairWatch} for the health bar
 * under one status word until it is again; a `delisted` one leaves the source for the session.
 * Without this, a halted product's last ticker stood in the watchlist as if it still traded.
 * https://docs.cdp.coinbase.com/exchange/websocket-feed/channels#status-channel
 */
import type { Obj } from './fields';
import { isObj } from './fields';
import type { TranslationBuilder } from './translation-builder';
import type { AdapterContext } from './translator';

/**
 * The channel's subscribe, as its docs give it and apart from the products' one: the channel
 * takes no products, and Coinbase refuses a subscribe whole when any part of it is wrong.
 */
export const STATUS_SUBSCRIBE = JSON.stringify({
  type: 'subscribe',
  channels: [{ name: 'status' }],
});

/** A status word as Coinbase writes them: lower case and `_`, bounded (it reaches the page). */
const STATUS_WORD = /^[a-z_]{1,32}$/;

/**
 * The flags, most restrictive first, each named by the word the health bar shows: the first
 * one set on an `online` product is its status.
 */
const ORDER_FLAGS = ['trading_disabled', 'cancel_only', 'post_only', 'limit_only'] as const;

/**
 * The subscribed products' statuses in a `status` message; the others are passed over unread.
 * `drop` takes a delisted product out of the source.
 */
export function readProductStatuses(
  out: TranslationBuilder,
  ctx: AdapterContext,
  products: readonly string[],
  m: Obj,
  drop: (id: string) => void,
): void {
  if (!Array.isArray(m.products)) {
    out.malformed('status.products: expected an array');
    return;
  }
  const subscribed = new Set(products);
  for (const [n, p] of m.products.entries()) {
    if (!isObj(p) || typeof p.id !== 'string' || !subscribed.has(p.id)) continue;
    const id = p.id;
    if (typeof p.status !== 'string' || !STATUS_WORD.test(p.status)) {
      out.malformed(
        `status.products[${n}].status: expected a status word, got ${JSON.stringify(p.status)?.slice(0, 40)}`,
        id,
      );
      continue;
    }
    if (p.status === 'delisted') {
      drop(id);
      out.exchangeError(`coinbase: ${id} is delisted; it leaves the watchlist`, id);
      continue;
    }
    const flag = p.status === 'online' ? ORDER_FLAGS.find((f) => p[f] === true) : undefined;
    ctx.watch.status(id, flag ?? p.status, out.receivedAt);
  }
}
