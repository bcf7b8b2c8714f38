import { describe, expect, it } from 'vitest';
import type { BookTick, MarketSnapshotState, MatchSnapshotState, Tick } from '../protocol/feed';
import { MARKET, MATCH } from '../test-support/instrument-snapshots';
import { InstrumentState } from './instrument-state';

describe('instrument state at its edges', () => {
  const BOOKED: MarketSnapshotState = {
    ...MARKET,
    book: {
      bids: [
        [9, 1],
        [8, 2],
      ],
      asks: [
        [11, 1],
        [12, 2],
      ],
    },
  };
  const bookTick = (seq: number, fields: Partial<BookTick>): BookTick => ({
    instrument: 'A',
    seq,
    ts: seq * 10,
    kind: 'book',
    bids: [],
    asks: [],
    ...fields,
  });

  it('keeps its order book: changes edit it, a whole book replaces it, resume returns both', () => {
    const s = new InstrumentState('A', BOOKED, 10);
    expect(s.snapshot()).toEqual(BOOKED);
    const change = bookTick(1, {
      bids: [
        [8, 0],
        [7, 3],
      ],
      asks: [[11, 5]],
    });
    s.apply(change);
    expect(s.snapshot()).toEqual({
      ...MARKET,
      ts: 10,
      book: {
        bids: [
          [9, 1],
          [7, 3],
        ],
        asks: [
          [11, 5],
          [12, 2],
        ],
      },
    });
    const whole = bookTick(2, { bids: [[10, 4]], asks: [[11, 6]], full: true });
    s.apply(whole);
    expect(s.snapshot()).toEqual({
      ...MARKET,
      ts: 20,
      book: { bids: [[10, 4]], asks: [[11, 6]] },
    });
    expect(s.seq).toBe(2);
    expect(s.since(0)).toEqual([change, whole]);
  });

  it('carries no book for a market that has none, whatever book ticks arrive', () => {
    const s = new InstrumentState('A', MARKET, 10);
    s.apply(bookTick(1, { bids: [[10, 4]], asks: [[11, 6]], full: true }));
    expect(s.snapshot()).toEqual({ ...MARKET, ts: 10 });
  });

  it('folds quotes and trades given as numbers exactly as the same ticks given as objects', () => {
    const ticks: Tick[] = [
      {
        instrument: 'A',
        seq: 1,
        ts: 5,
        kind: 'quote',
        bid: 9.5,
        ask: 10.5,
        bidSize: 3,
        askSize: 4,
      },
      { instrument: 'A', seq: 2, ts: 6, kind: 'trade', price: 12, size: 100, side: 'buy' },
      { instrument: 'A', seq: 3, ts: 7, kind: 'trade', price: 7, size: 40, side: 'sell' },
      { instrument: 'A', seq: 4, ts: 8, kind: 'trade', price: 9, size: 10, side: 'buy' },
      { instrument: 'A', seq: 5, ts: 9, kind: 'quote', bid: 7, ask: 8, bidSize: 5, askSize: 6 },
    ];
    const byObject = new InstrumentState('A', MARKET, 4);
    const byNumbers = new InstrumentState('A', MARKET, 4);
    for (const t of ticks) {
      byObject.apply(t);
      if (t.kind === 'quote') {
        byNumbers.applyQuote(t.seq, t.ts, t.bid, t.ask, t.bidSize, t.askSize);
      } else if (t.kind === 'trade') {
        byNumbers.applyTrade(t.seq, t.ts, t.price, t.size, t.side === 'buy');
      }
    }
    const expected = {
      ...MARKET,
      bid: 7,
      ask: 8,
      bidSize: 5,
      askSize: 6,
      last: 9,
      lastSize: 10,
      volume: 150,
      trades: 3,
      high: 12,
      low: 7,
      ts: 9,
    };
    expect(byObject.snapshot()).toEqual(expected);
    expect(byNumbers.snapshot()).toEqual(expected);
    expect(byNumbers.seq).toBe(5);
    // The history wrapped (capacity 4): the newest quote took the oldest slot, the first.
    expect(byObject.since(1)).toEqual(ticks.slice(1));
    expect(byNumbers.since(1)).toEqual(ticks.slice(1));
    expect(byNumbers.since(0)).toBeNull();
  });

  it('keeps the 50 most recent incidents, naming a player only when one is known', () => {
    const s = new InstrumentState('m1', MATCH, 10);
    for (let seq = 1; seq <= 53; seq++) {
      s.apply({
        instrument: 'm1',
        seq,
        ts: seq,
        kind: 'incident',
        type: 'yellow-card',
        team: 'home',
        clockMs: seq * 1000,
        ...(seq % 2 === 0 && { player: `P${seq}` }),
      });
    }
    const { incidents } = s.snapshot() as MatchSnapshotState;
    expect(incidents).toHaveLength(50);
    expect(incidents[0]).toStrictEqual({
      type: 'yellow-card',
      team: 'home',
      clockMs: 4000,
      player: 'P4',
    });
    expect(incidents[49]).toStrictEqual({ type: 'yellow-card', team: 'home', clockMs: 53_000 });
  });

  it('keeps the incidents through every status but a rematch', () => {
    const s = new InstrumentState('m1', MATCH, 10);
    const goal: Tick = {
      instrument: 'm1',
      seq: 1,
      ts: 1,
      kind: 'incident',
      type: 'goal',
      team: 'home',
      clockMs: 60_000,
    };
    s.apply(goal);
    for (const [seq, status] of [
      [2, 'live'],
      [3, 'halftime'],
      [4, 'finished'],
    ] as const) {
      s.apply({ instrument: 'm1', seq, ts: seq, kind: 'status', status });
    }
    expect(s.snapshot()).toMatchObject({
      status: 'finished',
      incidents: [{ type: 'goal', team: 'home', clockMs: 60_000 }],
    });
  });

  it("returns a match's ticks after a seq while its bounded history holds them", () => {
    const s = new InstrumentState('m1', MATCH, 3);
    const ticks: Tick[] = [1, 2, 3, 4, 5].map((seq) => ({
      instrument: 'm1',
      seq,
      ts: seq,
      kind: 'clock',
      clockMs: seq * 1000,
      running: true,
    }));
    ticks.forEach((t) => s.apply(t));
    expect(s.since(5)).toEqual([]);
    expect(s.since(2)).toEqual(ticks.slice(2));
    expect(s.since(1)).toBeNull();
  });

  it('keeps no history at all when given no room for any', () => {
    const market = new InstrumentState('A', MARKET, 0);
    const match = new InstrumentState('m1', MATCH, 0);
    market.apply({
      instrument: 'A',
      seq: 1,
      ts: 1,
      kind: 'trade',
      price: 10,
      size: 1,
      side: 'buy',
    });
    market.apply(bookTick(2, { bids: [[10, 1]] }));
    market.applyQuote(3, 3, 9, 11, 1, 1);
    for (let seq = 1; seq <= 3; seq++) {
      match.apply({ instrument: 'm1', seq, ts: seq, kind: 'score', home: seq, away: 0 });
    }
    expect(market.since(3)).toEqual([]);
    expect(market.since(2)).toBeNull();
    expect(match.since(3)).toEqual([]);
    expect(match.since(2)).toBeNull();
    expect((match.snapshot() as MatchSnapshotState).home).toBe(3);
  });
});
