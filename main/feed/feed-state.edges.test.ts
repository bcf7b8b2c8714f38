import { describe, expect, it } from 'vitest';
import type { Tick } from '../../protocol/feed';
import { market, marketSnapshot, match, T0, trade } from '../../test-support/engine-fixtures';
import { FeedState } from './feed-state';
import type { MarketState } from './market-state';
import { SERIES_PRICE, SERIES_T } from './market-history';
import { SERIES_WATCH_SEALS } from './series-bucket';
import type { MatchState } from './match-state';

const sports = (seq: number, tick: Record<string, unknown>): Tick =>
  ({ instrument: 'm1', seq, ts: T0 + seq, ...tick }) as Tick;

describe('FeedState folds', () => {
  it('folds each kind of sports tick into its match', () => {
    const state = new FeedState();
    state.setInstruments([match('m1')]);
    const applied = state.applyTicks(
      [
        sports(1, { kind: 'status', status: 'live' }),
        sports(2, { kind: 'clock', clockMs: 600_000, running: true }),
        sports(3, { kind: 'odds', home: 1.8, draw: 3.4, away: 4.2 }),
        sports(4, { kind: 'incident', type: 'goal', team: 'away', clockMs: 601_000 }),
        sports(5, { kind: 'score', home: 0, away: 1 }),
      ],
      () => {},
    );
    expect(applied).toBe(5);
    const m = state.matches.get('m1')!;
    expect([m.status, m.clockMs, m.running, m.home, m.away]).toEqual(['live', 600_000, true, 0, 1]);
    expect(m.latestOdds()).toEqual({ home: 1.8, draw: 3.4, away: 4.2 });
    expect(m.incidentsSince(0)).toEqual([{ type: 'goal', team: 'away', clockMs: 601_000 }]);
  });

  it('tells its listener of each tick it folds, with the state that folded it, and of no other', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), match('m1')]);
    const heard: [number, string, MarketState | MatchState | null][] = [];
    state.onTickFolded = (tick, s) => heard.push([tick.seq, tick.instrument, s]);
    const future = { instrument: 'A', seq: 2, ts: T0, kind: 'auction' } as unknown as Tick;
    state.applyTicks(
      [
        trade('A', 1, 100),
        future,
        trade('Z', 1, 100), // not announced
        sports(1, { kind: 'score', home: 1, away: 0 }),
        trade('A', 9, 100), // a gap: refused
      ],
      () => {},
    );
    expect(heard).toEqual([
      [1, 'A', state.markets.get('A')],
      [2, 'A', null],
      [1, 'm1', state.matches.get('m1')],
    ]);
  });
});

describe('FeedState across list changes and seeks', () => {
  it('keeps the sequence of an instrument that stays, so its next gap is still seen', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), market('B')]);
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 5, state: marketSnapshot(100) });
    state.applySnapshot({ op: 'snapshot', instrument: 'B', seq: 5, state: marketSnapshot(50) });
    const version = state.version;
    state.setInstruments([market('A'), market('C')]);
    expect(state.version).toBeGreaterThan(version);
    expect([...state.sequence.resumePoints()]).toEqual([['A', 5]]);
    expect(state.snapshots().map((s) => [s.instrument, s.seq])).toEqual([['A', 5]]);
    const gaps: string[] = [];
    expect(state.applyTicks([trade('A', 7, 101)], (id) => gaps.push(id))).toBe(0);
    expect(gaps).toEqual(['A']);
  });

  it('keeps the sequence of an id that changes kind, and one id listed as both kinds has one', () => {
    const state = new FeedState();
    state.setInstruments([match('m1')]);
    expect(state.applyTicks([sports(4, { kind: 'score', home: 1, away: 0 })], () => {})).toBe(1);
    state.setInstruments([market('m1'), match('m1')]);
    const gaps: string[] = [];
    // The match's seq went on to the market: a tick it folded is refused, the next one folds,
    // and a match tick after it too.
    expect(state.applyTicks([trade('m1', 4, 100)], () => {})).toBe(0);
    expect(state.applyTicks([trade('m1', 5, 100)], (id) => gaps.push(id))).toBe(1);
    expect(state.applyTicks([sports(6, { kind: 'score', home: 2, away: 0 })], () => {})).toBe(1);
    expect(state.applyTicks([trade('m1', 6, 101)], () => {})).toBe(0); // already folded
    state.setInstruments([match('m1')]);
    expect(
      state.applyTicks([sports(8, { kind: 'score', home: 3, away: 0 })], (id) => gaps.push(id)),
    ).toBe(0);
    expect(gaps).toEqual(['m1']);
  });

  it('a seek keeps the price history up to its time, drops the odds history, and says it changed', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), match('m1')]);
    state.applyTicks(
      [
        ...Array.from({ length: 10 }, (_, i) => trade('A', i + 1, 100 + i, T0 + (i + 1) * 1_000)),
        sports(1, { kind: 'odds', home: 2, draw: 3, away: 4 }),
      ],
      () => {},
    );
    state.sealSeries();
    const a = state.markets.get('A')!;
    const m1 = state.matches.get('m1')!;
    expect(a.series.slice(SERIES_T, 0).length).toBeGreaterThan(5);
    expect(m1.odds.length).toBe(1);
    const version = state.version;
    state.seekTo(T0 + 5_000);
    const times = a.series.slice(SERIES_T, 0);
    expect(times.length).toBeGreaterThan(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(T0 + 5_000);
    expect(m1.odds.length).toBe(0);
    expect(state.version).toBeGreaterThan(version);
  });

  it('counts emptying a book as a change, and only when there was a book to empty', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), market('B')]);
    const book = { bids: [[99, 1]], asks: [[101, 1]] } as const;
    state.applySnapshot({
      op: 'snapshot',
      instrument: 'A',
      seq: 1,
      state: {
        ...marketSnapshot(100),
        book: { bids: [[...book.bids[0]]], asks: [[...book.asks[0]]] },
      },
    });
    let version = state.version;
    state.invalidateBook('B');
    state.invalidateBook('Z');
    expect(state.version).toBe(version);
    state.invalidateBook('A');
    expect(state.version).toBeGreaterThan(version);
    expect(state.markets.get('A')!.depth.bookValid).toBe(false);
    version = state.version;
    state.applyTicks([trade('A', 2, 100)], () => {});
    expect(state.version).toBeGreaterThan(version);
  });
});

describe('FeedState sealing and tick time', () => {
  it('keeps the newest tick time rising as later ticks arrive', () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    state.applyTicks([trade('A', 1, 100, T0 + 1)], () => {});
    state.applyTicks([trade('A', 2, 100, T0 + 5)], () => {});
    expect(state.newestTickTs).toBe(T0 + 5);
  });

  it('does not call it a change to seal a bucket that holds only its first point', () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    state.applyTicks([trade('A', 1, 100, T0)], () => {});
    const version = state.version;
    state.sealSeries(); // the first point went into the series when the bucket opened
    expect(state.version).toBe(version);
  });

  it('seals a bucket that holds one tick, so the next batch starts a bucket of its own', () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    // T0 starts a 50 ms bucket; every tick below falls in it.
    state.applyTicks([trade('A', 1, 6, T0)], () => {});
    state.sealSeries();
    state.applyTicks(
      [trade('A', 2, 7, T0 + 10), trade('A', 3, 6.5, T0 + 20), trade('A', 4, 6.8, T0 + 30)],
      () => {},
    );
    state.sealSeries();
    // The second batch's low (6.5) is its own bucket's extreme; folded into the first bucket
    // it would fall between that bucket's 6 and 7 and be lost.
    const series = state.markets.get('A')!.series;
    expect(series.slice(SERIES_PRICE, 0)).toEqual([6, 7, 6.5, 6.8]);
    expect(series.slice(SERIES_T, 0)).toEqual([T0, T0 + 10, T0 + 20, T0 + 30]);
  });

  describe('a series nobody reads', () => {
    // A second of trades 100 ms apart, as one of 5,000 instruments ticks, a batch after each.
    const prices = [10, 11, 9, 12, 8, 10.5, 11.5, 9.5, 10, 10.2];
    const foldSecond = (state: FeedState, readEachBatch: boolean) =>
      prices.forEach((p, k) => {
        state.applyTicks([trade('A', k + 1, p, T0 + k * 100)], () => {});
        state.sealSeries();
        if (readEachBatch) void state.markets.get('A')!.series;
      });

    it('keeps first, high, low and last of each second, and a read shows them at once', () => {
      const state = new FeedState();
      state.setInstruments([market('A')]);
      for (let k = 0; k <= SERIES_WATCH_SEALS; k++) state.sealSeries(); // no page shows A
      foldSecond(state, false);
      const series = state.markets.get('A')!.series;
      expect(series.slice(SERIES_PRICE, 0)).toEqual([10, 12, 8, 10.2]);
      expect(series.slice(SERIES_T, 0)).toEqual([T0, T0 + 300, T0 + 400, T0 + 900]);
    });

    it('is shown again after a read: its next ticks get narrow buckets, a point each', () => {
      const state = new FeedState();
      state.setInstruments([market('A')]);
      for (let k = 0; k <= SERIES_WATCH_SEALS; k++) state.sealSeries();
      void state.markets.get('A')!.series; // scrolled into view
      foldSecond(state, true);
      expect(state.markets.get('A')!.series.slice(SERIES_PRICE, 0)).toEqual(prices);
    });
  });
});
