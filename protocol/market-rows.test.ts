import { describe, expect, it } from 'vitest';
import { COMPACT_ROW_FIELDS, compactMarketRows, type MarketRow } from './market-rows';

const row = (id: string, base: number): MarketRow => ({
  id,
  bid: base,
  ask: base + 1,
  bidSize: base + 2,
  askSize: base + 3,
  last: base + 4,
  open: base + 5,
  high: base + 6,
  low: base + 7,
  volume: base + 8,
  trades: base + 9,
  ts: base + 10,
});

describe('compact rows', () => {
  it('read back as the rows they were written from, in order', () => {
    const rows = [row('A', 10), row('B', 20)];
    const compact = {
      ids: rows.map((r) => r.id),
      values: rows.flatMap((r) => COMPACT_ROW_FIELDS.map((field) => r[field])),
    };
    expect(compactMarketRows(compact)).toEqual(rows);
  });

  it('hold every field of a row but its id', () => {
    expect([...COMPACT_ROW_FIELDS, 'id'].sort()).toEqual(Object.keys(row('A', 0)).sort());
  });

  it('reject values that do not match the ids, saying how many were expected', () => {
    expect(() => compactMarketRows({ ids: ['A', 'B'], values: [1, 2, 3] })).toThrow(
      'compact rows: 3 values for 2 ids, expected 22',
    );
  });
});
