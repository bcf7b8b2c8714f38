import { describe, expect, it } from 'vitest';
import type { DepthDelta } from '../../../protocol/batch';
import { TAPE_ROWS, Tape, depthCurves, foldBook, largeTradeSize } from './depth-view';

const NO_TRADES = { t: [], price: [], size: [], side: [] };
const depth = (over: Partial<DepthDelta>): DepthDelta => ({
  id: 'ACME',
  book: {
    bids: [
      [99, 5],
      [98, 3],
    ],
    asks: [
      [101, 2],
      [102, 4],
    ],
  },
  resyncing: false,
  tapeReset: false,
  trades: NO_TRADES,
  ...over,
});

describe('depth view', () => {
  it('adds cumulative sizes, the spread and the mid, and flags the levels that changed', () => {
    const first = foldBook(null, depth({}));
    expect(first.bids.map((r) => r.cumulative)).toEqual([5, 8]);
    expect(first.asks.map((r) => r.cumulative)).toEqual([2, 6]);
    expect(first).toMatchObject({ spread: 2, mid: 100, maxCumulative: 8, none: false });
    expect(first.bids.every((r) => r.change === 0)).toBe(true);
    const next = foldBook(
      first,
      depth({
        book: {
          bids: [
            [99, 6],
            [98, 1],
          ],
          asks: [[101, 2]],
        },
      }),
    );
    expect(next.bids.map((r) => r.change)).toEqual([1, -1]);
    expect(next.asks[0]!.change).toBe(0);
    // Another instrument's levels are not compared with this one's.
    expect(foldBook(next, depth({ id: 'BOLT' })).bids[0]!.change).toBe(0);
  });

  it('says when the feed keeps no book and when the book is resyncing', () => {
    expect(foldBook(null, depth({ book: null })).none).toBe(true);
    const resync = foldBook(null, depth({ book: { bids: [], asks: [] }, resyncing: true }));
    expect(resync).toMatchObject({ resyncing: true, spread: null });
  });

  it('keeps the tape newest first, bounded, and starts afresh on a reset', () => {
    const tape = new Tape();
    tape.fold(depth({ trades: { t: [1, 2], price: [10, 11], size: [1, 2], side: [1, -1] } }));
    expect(tape.rows.map((r) => [r.price, r.side])).toEqual([
      [11, 'sell'],
      [10, 'buy'],
    ]);
    const n = TAPE_ROWS + 20;
    const many = Array.from({ length: n }, (_, i) => i);
    tape.fold(depth({ trades: { t: many, price: many, size: many, side: many } }));
    expect(tape.rows).toHaveLength(TAPE_ROWS);
    expect(tape.rows[0]!.price).toBe(n - 1);
    expect(tape.rows.at(-1)!.price).toBe(n - TAPE_ROWS);
    tape.fold(depth({ tapeReset: true }));
    expect(tape.rows).toEqual([]);
  });

  it('highlights only trades well above the usual size', () => {
    const rows = [...Array.from({ length: 19 }, () => 100), 5_000].map((size, n) => ({
      n,
      t: n,
      price: 1,
      size,
      side: 'buy' as const,
    }));
    const large = largeTradeSize(rows);
    expect(rows.filter((r) => r.size >= large).map((r) => r.size)).toEqual([5_000]);
  });

  it('draws cumulative curves outwards from the mid', () => {
    const curves = depthCurves(foldBook(null, depth({})));
    expect(curves.bids).toEqual([
      { x: 98, y: 8 },
      { x: 99, y: 5 },
    ]);
    expect(curves.asks).toEqual([
      { x: 101, y: 2 },
      { x: 102, y: 6 },
    ]);
  });
});
