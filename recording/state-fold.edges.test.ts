import { describe, expect, it } from 'vitest';
import type { MarketSnapshotState, MatchSnapshotState } from '../protocol/feed';
import { matchSnapshot } from '../test-support/engine-fixtures';
import { MAX_FOLDED_INCIDENTS, StateFold } from './state-fold';

const MARKET: MarketSnapshotState = {
  kind: 'market',
  ts: 1,
  bid: 10,
  ask: 11,
  bidSize: 1,
  askSize: 2,
  open: 10,
  high: 12,
  low: 9,
  last: 10.5,
  lastSize: 3,
  volume: 100,
  trades: 7,
};
const MATCH = matchSnapshot();

/** A fold holding `state` for instrument A at seq 0. */
function foldOf(state: MarketSnapshotState | MatchSnapshotState): StateFold {
  const fold = new StateFold();
  expect(fold.apply({ op: 'snapshot', instrument: 'A', seq: 0, state })).toEqual([]);
  return fold;
}

/** Applies ticks of A (seq 1, 2, ... at ts 2, 3, ...) and returns A's folded state. */
function folded(fold: StateFold, ...ticks: object[]) {
  const from = fold.seqOf('A') ?? 0;
  const list = ticks.map((t, i) => ({
    instrument: 'A',
    seq: from + i + 1,
    ts: from + i + 2,
    ...t,
  }));
  expect(fold.apply({ op: 'ticks', ticks: list })).toEqual([]);
  return fold.snapshots().find((s) => s.instrument === 'A')!.state;
}

describe('StateFold: what it keeps', () => {
  it('refuses a malformed message with null and keeps its state as it was', () => {
    const fold = foldOf(MARKET);
    expect(fold.apply({ op: 'ticks', ticks: [{ instrument: 'A', seq: 1 }] })).toBeNull();
    expect(fold.apply('not a message')).toBeNull();
    expect(fold.apply({ op: 'heartbeat', ts: 5 })).toEqual([]);
    expect(fold.snapshots()).toEqual([{ op: 'snapshot', instrument: 'A', seq: 0, state: MARKET }]);
    expect(fold.seqOf('A')).toBe(0);
  });

  it('follows the seq of an instrument it has no state for, and lists only those it has', () => {
    const fold = foldOf(MARKET);
    const quote = { kind: 'quote', bid: 1, ask: 2, bidSize: 1, askSize: 1, ts: 1 };
    expect(fold.apply({ op: 'ticks', ticks: [{ ...quote, instrument: 'B', seq: 40 }] })).toEqual(
      [],
    );
    expect(fold.apply({ op: 'ticks', ticks: [{ ...quote, instrument: 'B', seq: 42 }] })).toEqual([
      { instrument: 'B', expected: 41, got: 42 },
    ]);
    expect(fold.seqOf('B')).toBe(42);
    expect(fold.seqOf('C')).toBeUndefined();
    expect(fold.size).toBe(2);
    expect(fold.snapshots().map((s) => s.instrument)).toEqual(['A']);
    fold.clear();
    expect(fold.size).toBe(0);
    expect(fold.snapshots()).toEqual([]);
  });
});

describe('StateFold: market ticks', () => {
  it('takes the count, high and low of a conflated trade, and the price of a plain one as both', () => {
    const fold = foldOf(MARKET);
    const conflated = { kind: 'trade', price: 11, size: 5, side: 'buy', count: 4 };
    expect(folded(fold, { ...conflated, high: 13, low: 8 })).toMatchObject({
      last: 11,
      lastSize: 5,
      volume: 105,
      trades: 11,
      high: 13,
      low: 8,
      ts: 2,
    });
    expect(folded(fold, { kind: 'trade', price: 14, size: 1, side: 'sell' })).toMatchObject({
      trades: 12,
      high: 14,
      low: 8,
    });
    expect(folded(fold, { kind: 'trade', price: 7, size: 1, side: 'sell' })).toMatchObject({
      high: 14,
      low: 7,
      volume: 107,
    });
  });

  it('takes a quote as the new top of book', () => {
    const quote = { kind: 'quote', bid: 10.1, ask: 10.2, bidSize: 5, askSize: 6 };
    expect(folded(foldOf(MARKET), quote)).toEqual({ ...MARKET, ...quote, kind: 'market', ts: 2 });
  });

  it('keeps a book only from a whole one on, then applies changes to it', () => {
    const fold = foldOf(MARKET);
    // Changes before any whole book: nothing to apply them to.
    expect(folded(fold, { kind: 'book', bids: [[10, 1]], asks: [] })).toEqual({ ...MARKET, ts: 2 });
    const whole = {
      kind: 'book',
      full: true,
      bids: [
        [10, 1],
        [9, 2],
      ],
      asks: [[11, 3]],
    };
    expect(folded(fold, whole)).toMatchObject({ book: { bids: whole.bids, asks: whole.asks } });
    const changes = {
      kind: 'book',
      bids: [
        [10, 0],
        [9.5, 4],
      ],
      asks: [[12, 1]],
    };
    expect(folded(fold, changes)).toMatchObject({
      book: {
        bids: [
          [9.5, 4],
          [9, 2],
        ],
        asks: [
          [11, 3],
          [12, 1],
        ],
      },
      ts: 4,
    });
  });

  it('moves only the time for a tick that does not change a market', () => {
    expect(folded(foldOf(MARKET), { kind: 'auction', price: 3 })).toEqual({ ...MARKET, ts: 2 });
  });
});

describe('StateFold: match ticks', () => {
  it('takes score, clock, odds and status', () => {
    const fold = foldOf(MATCH);
    expect(
      folded(
        fold,
        { kind: 'score', home: 2, away: 1 },
        { kind: 'clock', clockMs: 90_000, running: false },
        { kind: 'odds', home: 1.5, draw: 4, away: 9 },
        { kind: 'status', status: 'halftime' },
      ),
    ).toEqual({
      ...MATCH,
      home: 2,
      away: 1,
      clockMs: 90_000,
      running: false,
      odds: { home: 1.5, draw: 4, away: 9 },
      status: 'halftime',
      ts: 5,
    });
  });

  it('keeps incidents with their player when named, and clears them at a rematch', () => {
    const fold = foldOf(MATCH);
    const goal = { kind: 'incident', type: 'goal', team: 'home', clockMs: 60_000 };
    const card = { kind: 'incident', type: 'red-card', team: 'away', clockMs: 70_000, player: 'P' };
    expect(folded(fold, goal, card)).toMatchObject({
      incidents: [
        { type: 'goal', team: 'home', clockMs: 60_000 },
        { type: 'red-card', team: 'away', clockMs: 70_000, player: 'P' },
      ],
    });
    const state = folded(fold, { kind: 'status', status: 'finished' }) as MatchSnapshotState;
    expect(state.incidents).toHaveLength(2);
    expect('player' in state.incidents[0]!).toBe(false);
    expect(folded(fold, { kind: 'status', status: 'scheduled' })).toMatchObject({
      status: 'scheduled',
      incidents: [],
    });
  });

  it(`keeps the newest ${MAX_FOLDED_INCIDENTS} incidents`, () => {
    const fold = foldOf(MATCH);
    const many = Array.from({ length: MAX_FOLDED_INCIDENTS + 2 }, (_, i) => ({
      kind: 'incident',
      type: 'goal',
      team: 'home',
      clockMs: i,
    }));
    const { incidents } = folded(fold, ...many) as MatchSnapshotState;
    expect(incidents).toHaveLength(MAX_FOLDED_INCIDENTS);
    expect(incidents[0]!.clockMs).toBe(2);
    expect(incidents.at(-1)!.clockMs).toBe(MAX_FOLDED_INCIDENTS + 1);
  });

  it('moves only the time for a market tick on a match', () => {
    const quote = { kind: 'quote', bid: 1, ask: 2, bidSize: 1, askSize: 1 };
    expect(folded(foldOf(MATCH), quote)).toEqual({ ...MATCH, ts: 2 });
  });
});
