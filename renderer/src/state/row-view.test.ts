import { describe, expect, it } from 'vitest';
import { formatPercent, formatSigned } from './format';
import type { MarketRow } from '../../../protocol/market-rows';
import type { MarketInstrument } from '../../../protocol/feed';
import {
  compareIsFull,
  decimalsOf,
  focusAfterSelect,
  nextSort,
  sortRows,
  toRowView,
  type RowView,
} from './row-view';

const row = (id: string, last: number, volume: number): RowView => ({
  id,
  name: id,
  decimals: 2,
  last,
  change: last - 100,
  changePct: last - 100,
  bid: last,
  ask: last,
  bidSize: 1,
  askSize: 1,
  spread: 0,
  volume,
  dir: 0,
  moves: 0,
});

describe('watchlist sorting', () => {
  const rows = [row('B', 101, 5), row('A', 99, 50), row('C', NaN, 10)];

  it('keeps the feed order when unsorted', () => {
    expect(sortRows(rows, { key: 'none', dir: 1 })).toBe(rows);
  });

  it('sorts by a number column either way, unknown values last', () => {
    expect(sortRows(rows, { key: 'last', dir: -1 }).map((r) => r.id)).toEqual(['B', 'A', 'C']);
    expect(sortRows(rows, { key: 'last', dir: 1 }).map((r) => r.id)).toEqual(['A', 'B', 'C']);
    expect(sortRows(rows, { key: 'id', dir: 1 }).map((r) => r.id)).toEqual(['A', 'B', 'C']);
  });

  it('cycles a column descending, ascending, then back to the feed order', () => {
    let s = nextSort({ key: 'none', dir: 1 }, 'volume');
    expect(s).toEqual({ key: 'volume', dir: -1 });
    s = nextSort(s, 'volume');
    expect(s).toEqual({ key: 'volume', dir: 1 });
    expect(nextSort(s, 'volume').key).toBe('none');
  });
});

describe('number formatting', () => {
  it('signs changes with same-width plus and minus, and no sign for zero', () => {
    expect(formatSigned(1.234, 2)).toBe('+1.23');
    expect(formatSigned(-0.5, 2)).toBe('−0.50');
    expect(formatSigned(0, 2)).toBe(' 0.00');
    // A difference of two prices on a 0.01 grid, as a double: 47.85 − 47.86 is −0.0099999….
    expect(formatSigned(47.85 - 47.86, 2)).toBe('−0.01');
    expect(formatSigned(0.001, 2)).toBe(' 0.00');
    expect(formatPercent(NaN)).toBe('—');
  });
});

describe('display decimals', () => {
  const instrument = (tickSize: number, decimals?: number): MarketInstrument => ({
    id: 'X',
    kind: 'market',
    name: 'X',
    tickSize,
    ...(decimals !== undefined && { decimals }),
  });

  it('reads a tick size without its float noise', () => {
    expect(decimalsOf(instrument(0.01))).toBe(2);
    expect(decimalsOf(instrument(Number('0.009999999999999998')))).toBe(2);
    expect(decimalsOf(instrument(0.1 + 0.2))).toBe(1);
  });

  it('prefers the declared decimals, bounded to what can be shown', () => {
    expect(decimalsOf(instrument(0.01, 4))).toBe(4);
    expect(decimalsOf(instrument(0.01, 99))).toBe(20);
  });

  it('follows the instrument when its precision arrives after the first prices', () => {
    const market = { id: 'X', last: 1.5, open: 1, bid: 1.4, ask: 1.6, volume: 1 } as MarketRow;
    const first = toRowView(market, instrument(1), undefined);
    expect(first.decimals).toBe(0);
    expect(toRowView(market, instrument(0.0001, 4), first).decimals).toBe(4);
  });
});

describe('comparison set', () => {
  it('refuses one more than the limit instead of dropping the first', () => {
    const full = ['A', 'B', 'C', 'D'];
    expect(compareIsFull(full, 'E', true, 4)).toBe(true);
    expect(focusAfterSelect(full, 'E', true, 4)).toEqual(full);
    expect(compareIsFull(full, 'B', true, 4)).toBe(false); // removing one is fine
    expect(focusAfterSelect(full, 'B', true, 4)).toEqual(['A', 'C', 'D']);
    expect(focusAfterSelect(['A'], 'E', true, 4)).toEqual(['A', 'E']);
  });
});
