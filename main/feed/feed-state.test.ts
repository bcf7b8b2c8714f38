import { describe, expect, it } from 'vitest';
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import type { Batch } from '../../protocol/batch';
import { Batcher } from './batcher';
import { ODDS_FLOOR_POINTS, SERIES_FLOOR_POINTS } from './history-budget';
import { BAR_HISTORY, SERIES_CAPACITY, SERIES_PRICE, SERIES_T } from './market-state';
import { ODDS_HISTORY } from './match-state';
import { FeedState } from './feed-state';
import type { RingBuffer } from './ring-buffer';
import { HEALTH, T0, market, marketSnapshot, match, trade } from './test-fixtures';

/** Bytes of typed arrays a ring has allocated. */
const ringBytes = (ring: RingBuffer) => ring.allocatedRows * ring.columnCount * 8;

/** Bytes of rings every market instrument allocated before rings grew on demand. */
const FIXED_MARKET_BYTES = (SERIES_CAPACITY * 2 + BAR_INTERVALS_MS.length * BAR_HISTORY * 6) * 8;

/** Feeds `count` ticks to each market, one series point apiece (50 ms apart). */
function feed(state: FeedState, ids: readonly string[], count: number, seqs: number[]) {
  const ticks = ids.flatMap((id, i) =>
    Array.from({ length: count }, () => {
      const seq = ++seqs[i]!;
      return trade(id, seq, 100 + (seq % 13), T0 + seq * 50);
    }),
  );
  expect(state.applyTicks(ticks, () => {})).toBe(ticks.length);
}

describe('FeedState', () => {
  it('stays within fixed memory after millions of ticks', () => {
    const state = new FeedState();
    const ids = Array.from({ length: 20 }, (_, i) => `I${i}`);
    state.setInstruments(ids.map(market));
    const seqs = new Array<number>(ids.length).fill(0);
    for (let round = 0; round < 1_000; round++) {
      // 100 ticks per instrument per round, 10 ms apart: 2M ticks over ~17 simulated minutes.
      const ticks = ids.flatMap((id, i) =>
        Array.from({ length: 100 }, (_, k) =>
          trade(id, ++seqs[i]!, 100 + Math.sin(round + k), T0 + (round * 100 + k) * 10),
        ),
      );
      expect(state.applyTicks(ticks, () => {})).toBe(ticks.length);
    }
    for (const m of state.markets.values()) {
      expect(m.series.length).toBe(SERIES_CAPACITY);
      expect(m.series.allocatedRows).toBe(SERIES_CAPACITY);
      for (const bars of m.bars) expect(bars.ring.length).toBeLessThanOrEqual(BAR_HISTORY);
      expect(m.trades).toBe(100_000);
    }
    expect(state.sequence.resumePoints().size).toBe(20);
  });

  it('drops instruments that left, and keeps the state of those that stayed', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), market('B'), match('m1')]);
    state.applyTicks([trade('A', 1, 10)], () => {});
    const a = state.markets.get('A');
    state.setInstruments([market('A')]);
    expect([...state.markets.keys()]).toEqual(['A']);
    expect(state.markets.get('A')).toBe(a);
    expect(state.matches.size).toBe(0);
    expect(state.applyTicks([trade('B', 1, 10)], () => {})).toBe(0);
  });

  it('reports a gap once and folds nothing more of that instrument until a snapshot', () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    const gaps: string[] = [];
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 5, state: marketSnapshot(100) });
    state.applyTicks([trade('A', 6, 101), trade('A', 9, 104), trade('A', 10, 105)], (id) =>
      gaps.push(id),
    );
    expect(gaps).toEqual(['A']);
    expect(state.markets.get('A')!.last).toBe(101);
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 10, state: marketSnapshot(105) });
    state.applyTicks([trade('A', 11, 106)], () => {});
    expect(state.markets.get('A')!.last).toBe(106);
  });

  it('5,000 instruments fed a few ticks each allocate a small fraction of fixed rings', () => {
    const state = new FeedState();
    const ids = Array.from({ length: 5_000 }, (_, i) => `I${i}`);
    state.setInstruments(ids.map(market));
    feed(state, ids, 10, new Array<number>(ids.length).fill(0));
    let bytes = 0;
    for (const m of state.markets.values()) {
      expect(m.series.length).toBe(10);
      expect(m.series.capacity).toBe(SERIES_FLOOR_POINTS);
      bytes += ringBytes(m.series);
      for (const bars of m.bars) bytes += ringBytes(bars.ring);
    }
    // 2.5 KiB an instrument (12 MiB in all) against 137 KiB (0.65 GiB) when every ring was
    // allocated in full from the start.
    expect(bytes).toBeLessThan(0.02 * ids.length * FIXED_MARKET_BYTES);
  });

  it('a longer list lowers the history of the instruments it keeps, to their newest points', () => {
    const state = new FeedState();
    const few = Array.from({ length: 20 }, (_, i) => `I${i}`);
    const seqs = new Array<number>(5_000).fill(0);
    state.setInstruments(few.map(market));
    feed(state, few, SERIES_CAPACITY + 100, seqs);
    const a = state.markets.get('I0')!;
    expect([a.series.length, a.series.allocatedRows]).toEqual([SERIES_CAPACITY, SERIES_CAPACITY]);
    const newest = a.series.slice(SERIES_T, 0).slice(-SERIES_FLOOR_POINTS);

    const many = Array.from({ length: 5_000 }, (_, i) => `I${i}`);
    state.setInstruments(many.map(market));
    expect(state.markets.get('I0')).toBe(a);
    expect(a.series.end).toBe(SERIES_CAPACITY + 100);
    expect([a.series.length, a.series.allocatedRows]).toEqual([
      SERIES_FLOOR_POINTS,
      SERIES_FLOOR_POINTS,
    ]);
    expect(a.series.slice(SERIES_T, 0)).toEqual(newest);

    // Back to a short list: the full depth again, allocated as points arrive.
    state.setInstruments(few.map(market));
    expect(a.series.capacity).toBe(SERIES_CAPACITY);
    feed(state, few, 1_000, seqs);
    expect(a.series.length).toBe(SERIES_FLOOR_POINTS + 1_000);
    expect(a.series.last(SERIES_PRICE)).toBe(100 + (seqs[0]! % 13));
  });

  it('matches share the odds budget by their own count', () => {
    const state = new FeedState();
    const ids = Array.from({ length: 5_000 }, (_, i) => `m${i}`);
    state.setInstruments([market('A'), ...ids.map(match)]);
    expect(state.markets.get('A')!.series.capacity).toBe(SERIES_CAPACITY);
    expect(state.matches.get('m0')!.odds.capacity).toBe(ODDS_FLOOR_POINTS);
    state.setInstruments([market('A'), match('m0')]);
    expect(state.matches.get('m0')!.odds.capacity).toBe(ODDS_HISTORY);
  });

  it("a consumer's series carries on, without a reset, when a longer list cuts the rings", () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    const got: Batch[] = [];
    const batcher = new Batcher(state, () => {});
    const consumer = batcher.attach((b) => got.push(b));
    const seqs = [0];
    let now = T0;
    const flushAndAck = () => {
      batcher.flush((now += 33), () => HEALTH, 0);
      consumer.ack(got.at(-1)!.seq);
    };
    feed(state, ['A'], 2_000, seqs);
    flushAndAck();
    state.setInstruments(Array.from({ length: 5_000 }, (_, i) => market(i ? `I${i}` : 'A')));
    feed(state, ['A'], 3, seqs);
    flushAndAck();
    const last = got.at(-1)!;
    expect(last.reset).toBe(false);
    expect(last.series.find((s) => s.id === 'A')!.price).toHaveLength(3);
  });
});
