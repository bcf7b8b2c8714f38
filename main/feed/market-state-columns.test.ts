import { describe, expect, it } from 'vitest';
import {
  BAR_BLOCK,
  BID,
  BUCKET,
  MarketColumns,
  OPEN_BARS,
  RECORD_WIDTH,
  VOLUME,
} from './market-state-columns';

/** Where a record's "none open" markers are: its series bucket and each interval's open bar. */
const NONE_OPEN = [BUCKET, OPEN_BARS, OPEN_BARS + BAR_BLOCK, OPEN_BARS + 2 * BAR_BLOCK];

describe('MarketColumns', () => {
  it('hands out one record per market, no bucket or bar open and every other number 0', () => {
    const columns = new MarketColumns(4);
    const bases = [columns.add(), columns.add(), columns.add()];
    expect(bases).toEqual([0, RECORD_WIDTH, 2 * RECORD_WIDTH]);
    expect(columns.length).toBe(3);
    for (const base of bases) {
      const record = [...columns.data.subarray(base, base + RECORD_WIDTH)];
      expect(NONE_OPEN.map((k) => record[k])).toEqual([-1, -1, -1, -1]);
      expect(record.filter((_, k) => !NONE_OPEN.includes(k)).every((v) => v === 0)).toBe(true);
    }
  });

  it('doubles when full, keeping every record where it was', () => {
    const columns = new MarketColumns(1);
    const first = columns.add();
    columns.data[first + BID] = 101.5;
    const bases = Array.from({ length: 4 }, () => columns.add());
    columns.data[bases[3]! + VOLUME] = 7;
    expect(columns.data.length).toBe(8 * RECORD_WIDTH);
    expect(columns.data[first + BID]).toBe(101.5);
    expect(columns.data[bases[3]! + VOLUME]).toBe(7);
    expect(columns.data[bases[3]! + BUCKET]).toBe(-1);
  });

  it('refuses a table of no records', () => {
    expect(() => new MarketColumns(0)).toThrow(/initial records must be a positive integer, got 0/);
    expect(() => new MarketColumns(2.5)).toThrow(/got 2.5/);
  });
});
