import { describe, expect, it } from 'vitest';
import { BAR_HISTORY, SERIES_CAPACITY } from './market-state';
import { FeedState } from './feed-state';
import { T0, market, marketSnapshot, match, trade } from './test-fixtures';

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
});
