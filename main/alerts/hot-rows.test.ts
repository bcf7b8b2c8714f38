import { describe, expect, it } from 'vitest';
import {
  BAND_HIGH,
  BAND_LOW,
  CLOCK,
  HotRows,
  LAST,
  MID,
  PREV,
  REARM_AT,
  SPREAD_LEAST,
  inBand,
} from './hot-rows';

/** What a row holds, by name. */
function read(rows: HotRows, row: number) {
  const n = rows.numbers;
  return {
    clock: n[row + CLOCK],
    rearmAt: n[row + REARM_AT],
    spreadLeast: n[row + SPREAD_LEAST],
    last: [n[row + LAST + PREV], n[row + LAST + BAND_LOW], n[row + LAST + BAND_HIGH]],
    mid: [n[row + MID + PREV], n[row + MID + BAND_LOW], n[row + MID + BAND_HIGH]],
  };
}

const FRESH = {
  clock: -Infinity,
  rearmAt: Infinity,
  spreadLeast: Infinity,
  last: [NaN, Infinity, -Infinity],
  mid: [NaN, Infinity, -Infinity],
};

describe('HotRows', () => {
  it('hands out distinct rows that start with no time, nothing cooling, no price, empty bands', () => {
    const rows = new HotRows();
    const a = rows.allocate();
    const b = rows.allocate();
    expect(a).not.toBe(b);
    expect(read(rows, a)).toEqual(FRESH);
    for (const v of [-1e308, 0, 100, 1e308]) expect(inBand(rows.numbers, a + LAST, v)).toBe(false);
  });

  it('keeps every row’s numbers when the array grows', () => {
    const rows = new HotRows();
    const first = rows.allocate();
    rows.numbers[first + CLOCK] = 42;
    rows.numbers[first + MID + PREV] = 99.5;
    const before = rows.numbers;
    const all = [first];
    while (rows.numbers === before) all.push(rows.allocate());
    expect(new Set(all).size).toBe(all.length);
    expect(read(rows, first)).toMatchObject({ clock: 42, mid: [99.5, Infinity, -Infinity] });
    expect(read(rows, all.at(-1)!)).toEqual(FRESH);
  });

  it('reads the open band: a price on either bound is outside it', () => {
    const rows = new HotRows();
    const row = rows.allocate();
    rows.numbers[row + LAST + BAND_LOW] = 90;
    rows.numbers[row + LAST + BAND_HIGH] = 110;
    expect([89, 90, 90.01, 109.99, 110].map((v) => inBand(rows.numbers, row + LAST, v))).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
    // The other price's band is its own.
    expect(inBand(rows.numbers, row + MID, 100)).toBe(false);
  });

  it('hands a released row out again only after recycle, and fresh', () => {
    const rows = new HotRows();
    const a = rows.allocate();
    rows.numbers[a + CLOCK] = 7;
    rows.numbers[a + LAST + BAND_LOW] = 1;
    rows.release(a);
    const b = rows.allocate();
    expect(b).not.toBe(a);
    expect(read(rows, a).clock).toBe(7);
    rows.recycle();
    expect(rows.allocate()).toBe(a);
    expect(read(rows, a)).toEqual(FRESH);
  });
});
