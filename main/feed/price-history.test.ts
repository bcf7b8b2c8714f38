import { describe, expect, it } from 'vitest';
import { T0, market, marketSnapshot, trade } from '../../test-support/engine-fixtures';
import { FeedState } from './feed-state';
import { priceHistory } from './price-history';

/** ACME with one trade a second for `n` seconds: price 100 + i at T0 + i s. */
function stateWith(n: number): FeedState {
  const state = new FeedState();
  state.setInstruments([market('ACME')]);
  state.applySnapshot({ op: 'snapshot', instrument: 'ACME', seq: 0, state: marketSnapshot(100) });
  const ticks = Array.from({ length: n }, (_, i) => trade('ACME', i + 1, 100 + i, T0 + i * 1_000));
  state.applyTicks(ticks, () => {});
  state.sealSeries();
  return state;
}

describe('priceHistory', () => {
  it('returns the points in [from, to), oldest first', () => {
    const state = stateWith(20);
    const got = priceHistory(state.markets.get('ACME'), {
      id: 'ACME',
      from: T0 + 5_000,
      to: T0 + 8_000,
      maxPoints: 100,
    });
    expect(got).toEqual({
      id: 'ACME',
      t: [T0 + 5_000, T0 + 6_000, T0 + 7_000],
      price: [105, 106, 107],
    });
  });

  it('thins a long range to the count asked for, keeping the extremes', () => {
    const state = stateWith(1_000);
    const got = priceHistory(state.markets.get('ACME'), {
      id: 'ACME',
      from: T0,
      to: T0 + 1_000_000,
      maxPoints: 50,
    });
    expect(got.t.length).toBeLessThanOrEqual(50);
    expect(got.t.length).toBeGreaterThan(40);
    expect(Math.min(...got.price)).toBe(100);
    expect(Math.max(...got.price)).toBe(1_099);
    // Still in time order, so the page can put them before its own.
    expect(got.t).toEqual([...got.t].sort((a, b) => a - b));
  });

  it('returns nothing for an unknown instrument or a range the ring does not hold', () => {
    const state = stateWith(10);
    const before = { id: 'ACME', from: T0 - 60_000, to: T0, maxPoints: 10 };
    expect(priceHistory(state.markets.get('ACME'), before)).toEqual({
      id: 'ACME',
      t: [],
      price: [],
    });
    expect(priceHistory(undefined, { ...before, id: 'NOPE' })).toEqual({
      id: 'NOPE',
      t: [],
      price: [],
    });
  });
});
