import { describe, expect, it } from 'vitest';
import type { MatchSnapshotState, Tick } from '../protocol/feed';
import { MARKET, MATCH } from '../test-support/instrument-snapshots';
import { InstrumentState } from './instrument-state';

describe('instrument state', () => {
  it('folds quotes and trades into the snapshot', () => {
    const s = new InstrumentState('A', MARKET, 10);
    s.apply({
      instrument: 'A',
      seq: 1,
      ts: 5,
      kind: 'quote',
      bid: 10,
      ask: 12,
      bidSize: 3,
      askSize: 4,
    });
    s.apply({ instrument: 'A', seq: 2, ts: 6, kind: 'trade', price: 13, size: 100, side: 'buy' });
    s.apply({
      instrument: 'A',
      seq: 3,
      ts: 7,
      kind: 'trade',
      price: 8,
      size: 50,
      side: 'sell',
      count: 2,
    });
    expect(s.seq).toBe(3);
    expect(s.snapshot()).toEqual({
      ...MARKET,
      bid: 10,
      ask: 12,
      bidSize: 3,
      askSize: 4,
      last: 8,
      lastSize: 50,
      volume: 150,
      trades: 3,
      high: 13,
      low: 8,
      ts: 7,
    });
  });

  it('returns the ticks after a seq while the bounded history holds them, else null', () => {
    const s = new InstrumentState('A', MARKET, 4);
    for (let seq = 1; seq <= 10; seq++)
      s.apply({
        instrument: 'A',
        seq,
        ts: seq,
        kind: 'quote',
        bid: seq,
        ask: seq + 1,
        bidSize: 1,
        askSize: 1,
      });
    expect(s.since(10)).toEqual([]);
    expect(s.since(7)!.map((t) => t.seq)).toEqual([8, 9, 10]);
    expect(s.since(6)!.map((t) => t.seq)).toEqual([7, 8, 9, 10]);
    expect(s.since(5)).toBeNull(); // 6 has left the history
    expect(s.since(11)).toBeNull(); // from the future: another run
  });

  it('keeps a match snapshot current and clears incidents on a rematch', () => {
    const s = new InstrumentState('m1', MATCH, 10);
    const ticks: Tick[] = [
      { instrument: 'm1', seq: 1, ts: 1, kind: 'status', status: 'live' },
      {
        instrument: 'm1',
        seq: 2,
        ts: 2,
        kind: 'incident',
        type: 'goal',
        team: 'away',
        clockMs: 600_000,
        player: 'X #9',
      },
      { instrument: 'm1', seq: 3, ts: 3, kind: 'score', home: 0, away: 1 },
      { instrument: 'm1', seq: 4, ts: 4, kind: 'clock', clockMs: 610_000, running: true },
      { instrument: 'm1', seq: 5, ts: 5, kind: 'odds', home: 5, draw: 3.5, away: 1.6 },
    ];
    ticks.forEach((t) => s.apply(t));
    expect(s.snapshot()).toEqual({
      ...MATCH,
      status: 'live',
      away: 1,
      clockMs: 610_000,
      running: true,
      odds: { home: 5, draw: 3.5, away: 1.6 },
      incidents: [{ type: 'goal', team: 'away', clockMs: 600_000, player: 'X #9' }],
      ts: 5,
    });
    s.apply({ instrument: 'm1', seq: 6, ts: 6, kind: 'status', status: 'scheduled' });
    expect((s.snapshot() as MatchSnapshotState).incidents).toEqual([]);
  });
});
