/**
 * The order book as it was until 5 Dec (fifth session): a side array and a `[price, size]`
 * array per level, a map per tick of many changes. Kept here only as the baseline of
 * `depth-book-ab.ts`; the product's book is shared/order-book.ts, which merges the same way.
 */
import type { BookSides, Level } from '../shared/order-book';

/** Inserts a level of a price not in `side` at its place, keeping at most `depth` levels. */
function insert(side: Level[], level: Level, dir: 1 | -1, depth: number): void {
  const p = level[0];
  let lo = 0;
  let hi = side.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((side[mid]![0] - p) * dir < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= depth) return;
  side.splice(lo, 0, level);
  if (side.length > depth) side.pop();
}

/**
 * `side` after `changes` (size 0 removes a price). `dir` 1 keeps it ascending (asks), -1
 * descending (bids). Returns `side` itself when nothing changed it.
 */
function merge(side: Level[], changes: readonly Level[], dir: 1 | -1, depth: number): Level[] {
  if (changes.length === 0) return side;
  if (changes.length === 1) {
    // The common case (a feed's single-level update) without the map.
    const [price, size] = changes[0]!;
    const at = side.findIndex((l) => l[0] === price);
    if (at !== -1) side.splice(at, 1);
    if (size > 0) insert(side, [price, size], dir, depth);
    return side;
  }
  const lastByPrice = new Map<number, Level>();
  for (const level of changes) lastByPrice.set(level[0], level);
  const out: Level[] = [];
  for (const level of side) if (!lastByPrice.has(level[0])) out.push(level);
  for (const level of lastByPrice.values())
    if (level[1] > 0) insert(out, [level[0], level[1]], dir, depth);
  return out;
}

export class ArrayBook {
  bids: Level[] = [];
  asks: Level[] = [];
  /** Rises on every change, so a reader can tell whether it has seen this book. */
  version = 0;

  /** `depth`: most levels kept per side; deeper ones fall out. */
  constructor(readonly depth: number) {}

  /** Replaces the whole book with sides already in book order. */
  replace(book: BookSides): void {
    this.bids = book.bids.slice(0, this.depth);
    this.asks = book.asks.slice(0, this.depth);
    this.version++;
  }

  /** Applies changes: each level sets the size at its price, size 0 removes it. */
  apply(bids: readonly Level[], asks: readonly Level[]): void {
    this.bids = merge(this.bids, bids, -1, this.depth);
    this.asks = merge(this.asks, asks, 1, this.depth);
    this.version++;
  }

  /** Empties the book (it is unknown until the next whole book arrives). */
  clear(): void {
    this.bids = [];
    this.asks = [];
    this.version++;
  }

  /** A copy of both sides, best first, at most `levels` each. */
  top(levels: number = this.depth): BookSides {
    return { bids: this.bids.slice(0, levels), asks: this.asks.slice(0, levels) };
  }
}
