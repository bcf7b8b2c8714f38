import { describe, expect, it } from 'vitest';
import type { RowView } from './row-view';
import { OrderHold, arrangeRows, holdOrder, matchesQuery, toggleId } from './watchlist-view';

const row = (id: string, name = id, last = 100): RowView => ({
  id,
  name,
  decimals: 2,
  last,
  change: 0,
  changePct: 0,
  bid: last,
  ask: last,
  bidSize: 1,
  askSize: 1,
  spread: 0,
  volume: 1,
  dir: 0,
  moves: 0,
});
const ids = (rows: readonly RowView[]) => rows.map((r) => r.id);
const NONE = { query: '', pinned: [], hidden: [] };

describe('watchlist search', () => {
  it('matches every word in the symbol or the name, ignoring case', () => {
    const acme = row('ACME', 'Acme Corp');
    expect(matchesQuery(acme, '')).toBe(true);
    expect(matchesQuery(acme, 'corp')).toBe(true);
    expect(matchesQuery(acme, '  ac  CORP ')).toBe(true);
    expect(matchesQuery(acme, 'acme globex')).toBe(false);
  });
});

describe('arrangeRows', () => {
  const rows = [row('A'), row('B'), row('C'), row('D')];

  it('leaves out removed and unmatched rows', () => {
    expect(ids(arrangeRows(rows, { ...NONE, hidden: ['B'] }))).toEqual(['A', 'C', 'D']);
    expect(ids(arrangeRows(rows, { ...NONE, query: 'c' }))).toEqual(['C']);
  });

  it('gives a plain list back as it is, so a batch makes no copy of every row', () => {
    expect(arrangeRows(rows, NONE)).toBe(rows);
    expect(arrangeRows(rows, { ...NONE, query: '  ' })).toBe(rows);
  });

  it('puts pinned rows first, in the order they were pinned, the rest as sorted', () => {
    expect(ids(arrangeRows(rows, { ...NONE, pinned: ['D', 'B', 'gone'] }))).toEqual([
      'D',
      'B',
      'A',
      'C',
    ]);
  });
});

describe('holding the order still', () => {
  it('keeps held rows in place with fresh values, new rows after, gone rows out', () => {
    const fresh = [row('C', 'C', 3), row('A', 'A', 1), row('N'), row('B', 'B', 2)];
    const held = holdOrder(fresh, ['A', 'B', 'X', 'C']);
    expect(ids(held)).toEqual(['A', 'B', 'C', 'N']);
    expect(held[0]!.last).toBe(1);
  });

  it('holds only while asked and while the list is the same list', () => {
    const hold = new OrderHold();
    const before = [row('A'), row('B')];
    const after = [row('B'), row('A')];
    expect(ids(hold.arrange(before, 'by last', false))).toEqual(['A', 'B']);
    expect(ids(hold.arrange(after, 'by last', true))).toEqual(['A', 'B']);
    expect(ids(hold.arrange([row('B'), row('C'), row('A')], 'by last', true))).toEqual([
      'A',
      'B',
      'C',
    ]);
    // A new sort or search is the user's own change: shown at once.
    expect(ids(hold.arrange(after, 'by volume', true))).toEqual(['B', 'A']);
    expect(ids(hold.arrange(before, 'by volume', false))).toEqual(['A', 'B']);
  });
});

describe('toggleId', () => {
  it('adds at the end or removes', () => {
    expect(toggleId(['A'], 'B')).toEqual(['A', 'B']);
    expect(toggleId(['A', 'B'], 'A')).toEqual(['B']);
  });
});
