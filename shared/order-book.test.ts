import { describe, expect, it } from 'vitest';
import { OrderBook, type Level } from './order-book';

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

  it('counts only the last change of a price within one message', () => {
    const book = new OrderBook(10);
    book.apply(
      [
        [10, 1],
        [10, 0],
        [10, 7],
      ],
      [],
    );
    expect(book.bids).toEqual([[10, 7]]);
  });

  it('never holds more than its depth, whatever it is sent', () => {
    const book = new OrderBook(3);
    const many: Level[] = Array.from({ length: 50 }, (_, i) => [100 - i, 1]);
    book.apply(many, []);
    expect(book.bids.map((l) => l[0])).toEqual([100, 99, 98]);
    book.replace({ bids: many, asks: [] });
    expect(book.bids).toHaveLength(3);
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
});
