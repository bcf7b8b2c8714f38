import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook, type BookSides, type Level } from './order-book';

/**
 * The merge rule written plainly, for the property tests: each changed price leaves its side,
 * each price's last change in the tick goes back in if its size is above 0, and the side keeps
 * its best `depth` levels.
 */
class ReferenceBook {
  private bids: Level[] = [];
  private asks: Level[] = [];
  constructor(private readonly depth: number) {}
  replace(book: BookSides): void {
    this.bids = book.bids.slice(0, this.depth);
    this.asks = book.asks.slice(0, this.depth);
  }
  apply(bids: readonly Level[], asks: readonly Level[]): void {
    this.bids = this.merge(this.bids, bids, -1);
    this.asks = this.merge(this.asks, asks, 1);
  }
  clear(): void {
    this.bids = [];
    this.asks = [];
  }
  top(): BookSides {
    return { bids: this.bids, asks: this.asks };
  }
  private merge(side: Level[], changes: readonly Level[], dir: 1 | -1): Level[] {
    const last = new Map<number, number>();
    for (const [price, size] of changes) last.set(price, size);
    const kept = side.filter(([price]) => !last.has(price));
    for (const [price, size] of last) if (size > 0) kept.push([price, size]);
    return kept.sort((a, b) => (a[0] - b[0]) * dir).slice(0, this.depth);
  }
}

describe('OrderBook', () => {
  it('keeps bids high to low and asks low to high, a size 0 removing its price', () => {
    const book = new OrderBook(10);
    book.replace({
      bids: [
        [10, 1],
        [9, 2],
      ],
      asks: [[11, 3]],
    });
    book.apply(
      [
        [9.5, 4],
        [10, 0],
      ],
      [
        [12, 5],
        [10.5, 6],
      ],
    );
    expect(book.bids).toEqual([
      [9.5, 4],
      [9, 2],
    ]);
    expect(book.asks).toEqual([
      [10.5, 6],
      [11, 3],
      [12, 5],
    ]);
  });

  it('counts only the last change of a price within one tick', () => {
    const book = new OrderBook(10);
    book.apply(
      [
        [10, 1],
        [10, 0],
        [10, 7],
      ],
      [
        [11, 2],
        [11, 0],
      ],
    );
    expect(book.top()).toEqual({ bids: [[10, 7]], asks: [] });
  });

  it('never holds more than its depth, whatever it is sent', () => {
    const book = new OrderBook(3);
    const many: Level[] = Array.from({ length: 50 }, (_, i) => [100 - i, 1]);
    book.apply(many, []);
    expect(book.bids.map((l) => l[0])).toEqual([100, 99, 98]);
    book.replace({ bids: many, asks: [] });
    expect(book.bids).toHaveLength(3);
  });

  it('grows past its first levels up to its depth', () => {
    const book = new OrderBook(40);
    const asks: Level[] = Array.from({ length: 60 }, (_, i) => [100 + i, i + 1]);
    book.apply([], asks);
    expect(book.asks).toEqual(asks.slice(0, 40));
  });

  it('frees a removed level’s place for a deeper one of the same tick', () => {
    const book = new OrderBook(2);
    book.replace({
      bids: [],
      asks: [
        [10, 1],
        [11, 1],
      ],
    });
    // A better price and a removal at once: the new price and 11 are kept.
    book.apply(
      [],
      [
        [9, 1],
        [10, 0],
      ],
    );
    expect(book.asks).toEqual([
      [9, 1],
      [11, 1],
    ]);
  });

  it('gives copies of its top levels and empties on clear', () => {
    const book = new OrderBook(10);
    book.replace({
      bids: [
        [10, 1],
        [9, 2],
      ],
      asks: [[11, 3]],
    });
    const top = book.top(1);
    expect(top).toEqual({ bids: [[10, 1]], asks: [[11, 3]] });
    const version = book.version;
    book.clear();
    expect(book.bids).toEqual([]);
    expect(book.version).toBeGreaterThan(version);
    expect(top.bids).toEqual([[10, 1]]);
  });

  it('holds what the merge rule gives after any whole books and changes', () => {
    // Few prices, so changes often hit, repeat and remove levels; small depths, so sides fill.
    const level = fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 3 }));
    const changes = fc.array(level, { maxLength: 40 });
    const sorted = (levels: [number, number][], dir: 1 | -1): Level[] => {
      const byPrice = new Map<number, number>();
      for (const [p, s] of levels) if (s > 0) byPrice.set(p, s);
      return [...byPrice].sort((a, b) => (a[0] - b[0]) * dir);
    };
    const step = fc.oneof(
      fc.record({ op: fc.constant('apply' as const), bids: changes, asks: changes }),
      fc.record({ op: fc.constant('replace' as const), bids: changes, asks: changes }),
      fc.record({ op: fc.constant('clear' as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(step, { maxLength: 30 }),
        (depth, steps) => {
          const ours = new OrderBook(depth);
          const reference = new ReferenceBook(depth);
          for (const s of steps) {
            if (s.op === 'clear') {
              ours.clear();
              reference.clear();
            } else if (s.op === 'replace') {
              const book = { bids: sorted(s.bids, -1), asks: sorted(s.asks, 1) };
              ours.replace(book);
              reference.replace(book);
            } else {
              ours.apply(s.bids, s.asks);
              reference.apply(s.bids, s.asks);
            }
            expect(ours.top()).toEqual(reference.top());
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('holds what the merge rule gives after long runs of ticks of many changes', () => {
    // Up to 40 changes a side a tick (`size: 'max'`: fast-check's default keeps arrays to about
    // 10) and depths up to 60: most ticks cannot push a level past the depth, so a size is set
    // in place, and some can, so the side takes the rule's full merge.
    const level = fc.tuple(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 3 }));
    const changes = fc.array(level, { maxLength: 40, size: 'max' });
    const step = fc.oneof(
      { weight: 8, arbitrary: fc.record({ bids: changes, asks: changes }) },
      { weight: 1, arbitrary: fc.constant('clear' as const) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }),
        (depth, steps) => {
          const ours = new OrderBook(depth);
          const reference = new ReferenceBook(depth);
          for (const s of steps) {
            if (s === 'clear') {
              ours.clear();
              reference.clear();
            } else {
              ours.apply(s.bids, s.asks);
              reference.apply(s.bids, s.asks);
            }
            expect(ours.top()).toEqual(reference.top());
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes a tick of many changes (past the scan) by the same rule', () => {
    const changes: Level[] = Array.from({ length: 200 }, (_, i) => [1 + (i % 70), i % 5]);
    const ours = new OrderBook(25);
    const reference = new ReferenceBook(25);
    ours.apply(changes, changes);
    reference.apply(changes, changes);
    expect(ours.top()).toEqual(reference.top());
  });
});
