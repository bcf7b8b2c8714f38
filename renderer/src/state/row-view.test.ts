import { describe, expect, it } from 'vitest';
import { formatPercent, formatSigned } from './format';
import { compareIsFull, focusAfterSelect, nextSort, sortRows, type RowView } from './row-view';

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
    expect(formatSigned(0.001, 2)).toBe(' 0.00');
    expect(formatPercent(NaN)).toBe('—');
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
