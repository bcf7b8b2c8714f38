/**
 * The order book as it was until the sixth session of 5 Dec: each side's levels one flat typed
 * array changed in place, every changed price shifted out of its side and back in, a size change
 * at a price already there too. Kept here only as a baseline of `depth-book-ab.ts`; the product's
 * book is shared/order-book.ts, which changes such a size in place when no level can fall past
 * the depth, and merges the same way.
 */
import type { BookSides, Level } from '../shared/order-book';

/** Levels a side holds before its array first grows (it doubles, up to the book's depth). */
const FIRST_LEVELS = 16;
/** A tick changing more levels than this finds each price's last change by a map, not a scan. */
const SCAN_CHANGES = 32;

class BookSide {
  /** `count` levels as price, size pairs, best first. */
  private levels: Float64Array;
  count = 0;

  /** `dir`: 1 keeps prices ascending (asks), -1 descending (bids). */
  constructor(
    private readonly depth: number,
    private readonly dir: 1 | -1,
  ) {
    this.levels = new Float64Array(2 * Math.min(depth, FIRST_LEVELS));
  }

  /** Takes levels already in book order (a whole book), at most `depth` of them. */
  load(levels: readonly Level[]): void {
    const n = Math.min(levels.length, this.depth);
    this.reserve(n);
    for (let i = 0; i < n; i++) {
      this.levels[2 * i] = levels[i]![0];
      this.levels[2 * i + 1] = levels[i]![1];
    }
    this.count = n;
  }

  /** Applies one tick's changes to this side (size 0 removes a price). */
  apply(changes: readonly Level[]): void {
    const n = changes.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) this.remove(changes[i]![0]);
    const last = n > SCAN_CHANGES ? lastIndexByPrice(changes) : null;
    for (let i = 0; i < n; i++) {
      const price = changes[i]![0];
      const size = changes[i]![1];
      if (size > 0 && (last === null ? isLastChange(changes, i) : last.get(price) === i))
        this.insert(price, size);
    }
  }

  /** The best `n` levels as `[price, size]` arrays. */
  top(n: number): Level[] {
    const out: Level[] = [];
    for (let i = 0; i < Math.min(n, this.count); i++)
      out.push([this.levels[2 * i]!, this.levels[2 * i + 1]!]);
    return out;
  }

  /** Where `price` is or would go: the first level not better than it. */
  private place(price: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.levels[2 * mid]! - price) * this.dir < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private remove(price: number): void {
    const at = this.place(price);
    if (at === this.count || this.levels[2 * at] !== price) return;
    this.levels.copyWithin(2 * at, 2 * at + 2, 2 * this.count);
    this.count--;
  }

  /** Inserts a price not on this side; one past the best `depth` is dropped. */
  private insert(price: number, size: number): void {
    const at = this.place(price);
    if (at >= this.depth) return;
    const kept = Math.min(this.count, this.depth - 1);
    this.reserve(kept + 1);
    this.levels.copyWithin(2 * at + 2, 2 * at, 2 * kept);
    this.levels[2 * at] = price;
    this.levels[2 * at + 1] = size;
    this.count = kept + 1;
  }

  /** Room for `levels` levels: the array at least doubles, up to the book's depth. */
  private reserve(levels: number): void {
    const capacity = this.levels.length / 2;
    if (levels <= capacity) return;
    const grown = new Float64Array(2 * Math.min(this.depth, Math.max(levels, 2 * capacity)));
    grown.set(this.levels.subarray(0, 2 * this.count));
    this.levels = grown;
  }
}

/** True when no change after the `i`th sets the same price. */
function isLastChange(changes: readonly Level[], i: number): boolean {
  const price = changes[i]![0];
  for (let j = i + 1; j < changes.length; j++) if (changes[j]![0] === price) return false;
  return true;
}

function lastIndexByPrice(changes: readonly Level[]): Map<number, number> {
  const last = new Map<number, number>();
  for (let i = 0; i < changes.length; i++) last.set(changes[i]![0], i);
  return last;
}

export class ShiftBook {
  private readonly bidSide: BookSide;
  private readonly askSide: BookSide;
  /** Rises on every change, so a reader can tell whether it has seen this book. */
  version = 0;

  /** `depth`: most levels kept per side; deeper ones fall out. */
  constructor(readonly depth: number) {
    this.bidSide = new BookSide(depth, -1);
    this.askSide = new BookSide(depth, 1);
  }

  /** Replaces the whole book with sides already in book order. */
  replace(book: BookSides): void {
    this.bidSide.load(book.bids);
    this.askSide.load(book.asks);
    this.version++;
  }

  /** Applies changes: each level sets the size at its price, size 0 removes it. */
  apply(bids: readonly Level[], asks: readonly Level[]): void {
    this.bidSide.apply(bids);
    this.askSide.apply(asks);
    this.version++;
  }

  /** Empties the book (it is unknown until the next whole book arrives). */
  clear(): void {
    this.bidSide.count = 0;
    this.askSide.count = 0;
    this.version++;
  }

  /** A copy of both sides, best first, at most `levels` each. */
  top(levels: number = this.depth): BookSides {
    return { bids: this.bidSide.top(levels), asks: this.askSide.top(levels) };
  }

  /** Every bid, best first (a copy). */
  get bids(): Level[] {
    return this.bidSide.top(this.depth);
  }

  /** Every ask, best first (a copy). */
  get asks(): Level[] {
    return this.askSide.top(this.depth);
  }
}
