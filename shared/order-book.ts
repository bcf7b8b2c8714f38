/**
 * A level-2 order book kept to a depth: the simulator's instrument state, the engine's market
 * state, the Coinbase adapter and a recording's state fold the same `book` ticks with it, so all
 * hold the same book. Bids are kept high to low, asks low to high, best first. The merge follows
 * the Kraken adapter's book (main/feed/adapters/kraken-book.ts): only each price's last change
 * in a tick counts, every changed price leaves its side before the survivors go in, and a side
 * keeps its best `depth` levels. Each side is a {@link BookSide} (shared/book-side.ts): its
 * levels in one flat typed array changed in place, so a book tick allocates nothing.
 */
import { BookSide } from './book-side';

/** One price level: `[price, size]` (the protocol's `BookLevel`). */
export type Level = readonly [price: number, size: number];

/** Bids and asks, best first. */
export interface BookSides {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

export class OrderBook {
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
