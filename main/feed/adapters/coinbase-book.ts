/**
 * Coinbase's order book per product, from `level2_batch` (the public, 50 ms batched form of
 * `level2`): it opens with a `snapshot` of the whole book, then `l2update`s carry new sizes
 * (0 removes a price). level2 messages carry no sequence (so no gap can be seen in them): the
 * channel guarantees delivery, so the book is lost only with the connection or a
 * resubscription, and an `l2update` before the product's snapshot is dropped. What can be
 * checked is the book itself: a book whose best bid is at or above its best ask after a message
 * has missed changes (or kept a level Coinbase removed), so it is dropped and resynced like
 * Kraken's failed checksum (counted as a failed book check, `checksum`, in the health bar). The
 * engine gets the top {@link COINBASE_BOOK_LEVELS} a side, whole, after every message.
 */
import type { Obj } from './fields';
import { FieldError, arr, isoTime } from './fields';
import type { TranslationBuilder } from './translation-builder';
import { readLevels } from './book-levels';
import { MAX_DEPTH_VIEW_LEVELS } from '../../../protocol/batch';
import type { BookLevel } from '../../../protocol/feed';
import { MAX_BOOK_LEVELS } from '../../../protocol/limits';
import { OrderBook } from '../../../shared/order-book';

/** Book levels a side sent to the engine: as many as a page may show. */
export const COINBASE_BOOK_LEVELS = MAX_DEPTH_VIEW_LEVELS;
/**
 * Levels a side kept of the whole book Coinbase sends (thousands on a busy product). A price
 * removed near the top lets a deeper one in, so the adapter keeps far more than it shows;
 * what falls below this is forgotten, and could only matter after the price moved this many
 * levels without a resubscription.
 */
export const COINBASE_BOOK_DEPTH = MAX_BOOK_LEVELS;
/** Most levels read from one side of a snapshot; the deeper rest is not needed (see above). */
const MAX_SNAPSHOT_LEVELS_READ = 4 * COINBASE_BOOK_DEPTH;
/** Most changes one `l2update` may carry. */
const MAX_L2_CHANGES = 10_000;

/** Where a product's book is kept: null until its snapshot (and again after a resync). */
export interface BookHolder {
  book: OrderBook | null;
}

/** A `level2_batch` snapshot: the product's whole book, replacing what was kept. */
export function readBookSnapshot(
  out: TranslationBuilder,
  m: Obj,
  receivedAt: number,
  id: string,
  s: BookHolder,
): void {
  const bids = readLevels(m.bids, 'snapshot.bids', MAX_SNAPSHOT_LEVELS_READ, true);
  const asks = readLevels(m.asks, 'snapshot.asks', MAX_SNAPSHOT_LEVELS_READ, true);
  // Sorted into book order whatever order they came in.
  const book = new OrderBook(COINBASE_BOOK_DEPTH);
  book.apply(bids, asks);
  s.book = book;
  // The snapshot carries no time: stamped with the receive time.
  sendBook(out, id, s, receivedAt);
}

/** The top of the product's book to the engine, or a resync when the book crossed. */
function sendBook(out: TranslationBuilder, id: string, s: BookHolder, ts: number): void {
  const book = s.book!;
  const best = book.top(1);
  const bid = best.bids[0]?.[0];
  const ask = best.asks[0]?.[0];
  if (bid !== undefined && ask !== undefined && bid >= ask) {
    // Updates stay dropped until the resubscription's snapshot brings a whole book.
    s.book = null;
    out.lost(
      id,
      'checksum',
      `coinbase: ${id} book crossed, bid ${bid} >= ask ${ask}; resubscribing`,
    );
    return;
  }
  const top = book.top(COINBASE_BOOK_LEVELS);
  out.book(id, ts, top.bids, top.asks);
}

/** An `l2update`: new sizes at prices; dropped while the product awaits its book snapshot. */
export function readBookUpdate(out: TranslationBuilder, m: Obj, id: string, s: BookHolder): void {
  const changes = arr(m.changes, 'l2update.changes');
  if (changes.length > MAX_L2_CHANGES)
    throw new Error(`l2update.changes: ${changes.length} changes, at most ${MAX_L2_CHANGES}`);
  const ts = out.eventTime(isoTime(m, 'time', 'l2update'), 'l2update.time');
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  changes.forEach((c, i) => {
    const path = `l2update.changes[${i}]`;
    if (!Array.isArray(c) || c.length < 3) throw new FieldError(path, '[side, price, size]', c);
    const [level] = readLevels([c.slice(1)], path, 1);
    if (c[0] === 'buy') bids.push(level!);
    else if (c[0] === 'sell') asks.push(level!);
    else throw new FieldError(`${path}[0]`, '"buy" or "sell"', c[0]);
  });
  if (s.book === null) return;
  s.book.apply(bids, asks);
  sendBook(out, id, s, ts);
}
