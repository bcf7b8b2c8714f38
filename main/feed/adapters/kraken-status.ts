/**
 * Kraken's word on single pairs: a pair it refused to subscribe, and each pair's `status` on
 * the `instrument` channel (`online`, `cancel_only`, `post_only`, `limit_only`, `reduce_only`,
 * `maintenance`, `delisted`, `work_in_progress`). A status other than `online` is kept in
 * {@link PairWatch} for the health bar until the pair is `online` again; a `delisted` pair
 * leaves the source for the session, as a refused one does.
 * https://docs.kraken.com/api/docs/websocket-v2/instrument
 */
import { isObj } from './fields';
import type { TranslationBuilder } from './translation-builder';
import type { AdapterContext } from './translator';

/** A status word as Kraken writes them: lower case and `_`, bounded (it reaches the page). */
const STATUS_WORD = /^[a-z_]{1,32}$/;

/**
 * Drops pair `id` for the session: out of the watchlist, never subscribed again, and the source
 * fails once no pair of `pairs` is left.
 */
export function dropPair(
  out: TranslationBuilder,
  ctx: AdapterContext,
  pairs: readonly string[],
  id: string,
): void {
  ctx.instruments.remove(id);
  ctx.refused.add(id);
  if (pairs.every((p) => ctx.refused.has(p)))
    out.fail = `kraken refused every pair (${[...ctx.refused].join(', ')}): nothing to subscribe`;
}

/**
 * The statuses of the subscribed pairs in an `instrument` snapshot or update. The channel
 * lists every pair Kraken has: the others are passed over unread.
 */
export function readPairStatuses(
  out: TranslationBuilder,
  ctx: AdapterContext,
  pairs: readonly string[],
  data: unknown,
): void {
  const list = isObj(data) && Array.isArray(data.pairs) ? data.pairs : [];
  const subscribed = new Set(pairs);
  for (const [n, p] of list.entries()) {
    if (!isObj(p) || typeof p.symbol !== 'string' || !subscribed.has(p.symbol)) continue;
    const id = p.symbol;
    if (p.status === undefined || ctx.refused.has(id)) continue;
    if (typeof p.status !== 'string' || !STATUS_WORD.test(p.status)) {
      out.malformed(
        `instrument.data.pairs[${n}].status: expected a status word, got ${JSON.stringify(p.status).slice(0, 40)}`,
        id,
      );
      continue;
    }
    if (p.status === 'delisted') {
      dropPair(out, ctx, pairs, id);
      out.exchangeError(`kraken: ${id} is delisted; it leaves the watchlist`, id);
    } else ctx.watch.status(id, p.status, out.receivedAt);
  }
}
