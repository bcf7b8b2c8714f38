import { describe, expect, it } from 'vitest';
import type { BookLevel, BookTick, TradeTick } from '../../protocol/feed';
import { T0 } from '../../test-support/engine-fixtures';
import { DepthState, TAPE_PRICE, TAPE_SIDE, TAPE_SIZE, TAPE_T, TAPE_TRADES } from './depth-state';

const tradeTick = (ts: number, price: number, size: number, side: 'buy' | 'sell'): TradeTick => ({
  instrument: 'ACME',
  seq: 0,
  ts,
  kind: 'trade',
  price,
  size,
  side,
});

function bookTick(bids: BookLevel[], asks: BookLevel[], full?: boolean): BookTick {
  return {
    instrument: 'ACME',
    seq: 0,
    ts: T0,
    kind: 'book',
    bids,
    asks,
    ...(full === undefined ? {} : { full }),
  };
}

const WHOLE = { bids: [[99, 5]] as BookLevel[], asks: [[101, 1]] as BookLevel[] };

describe('DepthState', () => {
  it('puts each trade on the tape, a buy as 1 and a sell as -1, and keeps the latest 512', () => {
    const depth = new DepthState();
    depth.applyTrade(tradeTick(T0, 100.5, 3, 'buy'));
    depth.applyTrade(tradeTick(T0 + 1, 100.25, 7, 'sell'));
    expect(depth.version).toBe(2);
    const tape = depth.tape;
    expect([TAPE_T, TAPE_PRICE, TAPE_SIZE, TAPE_SIDE].map((c) => tape.slice(c, 0))).toEqual([
      [T0, T0 + 1],
      [100.5, 100.25],
      [3, 7],
      [1, -1],
    ]);
    for (let i = 0; i < TAPE_TRADES; i++) depth.applyTrade(tradeTick(T0 + 2 + i, 100, 1, 'buy'));
    expect(TAPE_TRADES).toBe(512);
    // Read again: trades wait in the tape log until the tape is read.
    const full = depth.tape;
    expect(full.length).toBe(512);
    expect(full.at(full.start, TAPE_T)).toBe(T0 + 2);
  });

  it('holds no book until one arrives, and changes to a book it does not hold are ignored', () => {
    const depth = new DepthState();
    expect([depth.book, depth.bookValid]).toEqual([null, false]);
    depth.applyBook(bookTick([[98, 2]], []));
    expect(depth.book!.top()).toEqual({ bids: [], asks: [] });
    expect(depth.bookValid).toBe(false);
    depth.applyBook(bookTick(WHOLE.bids, WHOLE.asks, true));
    expect(depth.bookValid).toBe(true);
    depth.applyBook(bookTick([[98, 2]], [[101, 0]]));
    expect(depth.book!.top()).toEqual({
      bids: [
        [99, 5],
        [98, 2],
      ],
      asks: [],
    });
    expect(depth.version).toBe(3);
  });

  it('empties a broken book until a whole one replaces it', () => {
    const depth = new DepthState();
    depth.invalidateBook(); // no book: nothing changes
    expect(depth.version).toBe(0);
    depth.applySnapshot(WHOLE);
    depth.invalidateBook();
    expect([depth.book!.top(), depth.bookValid, depth.version]).toEqual([
      { bids: [], asks: [] },
      false,
      2,
    ]);
    depth.applyBook(bookTick([[98, 2]], [])); // a change while broken is not applied
    expect(depth.book!.top().bids).toEqual([]);
    depth.applyBook(bookTick(WHOLE.bids, WHOLE.asks, false)); // full: false is a change
    expect(depth.bookValid).toBe(false);
    depth.applyBook(bookTick(WHOLE.bids, WHOLE.asks, true));
    expect([depth.book!.top(), depth.bookValid]).toEqual([WHOLE, true]);
  });

  it('takes a snapshot book whole, and a snapshot without one drops the book', () => {
    const depth = new DepthState();
    depth.applySnapshot(WHOLE);
    expect([depth.book!.top(), depth.bookValid, depth.version]).toEqual([WHOLE, true, 1]);
    depth.applySnapshot(undefined);
    expect([depth.book, depth.bookValid, depth.version]).toEqual([null, false, 2]);
  });
});
