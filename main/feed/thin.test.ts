import { describe, expect, it } from 'vitest';
import { thinIndices } from './thin';

describe('thinIndices', () => {
  it('keeps every row when they fit', () => {
    expect(thinIndices(5, 8, 4)).toEqual([5, 6, 7]);
  });

  it('keeps at most max rows, in order, ending with the newest', () => {
    const picked = thinIndices(0, 10_000, 64, (i) => Math.sin(i / 100));
    expect(picked.length).toBeLessThanOrEqual(64);
    expect(picked.at(-1)).toBe(9_999);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
  });

  it('never loses a spike', () => {
    const prices: number[] = Array.from({ length: 5_000 }, (_, i) => (i === 2_345 ? 500 : 100));
    prices[4_000] = 1;
    const picked = thinIndices(0, prices.length, 64, (i) => prices[i]!);
    expect(picked).toContain(2_345);
    expect(picked).toContain(4_000);
  });

  it('strides evenly when no value is given', () => {
    expect(thinIndices(0, 100, 4)).toEqual([0, 33, 66, 99]);
  });
});

describe('thinIndices with values, at the edges', () => {
  it('keeps every row, in order, when exactly max of them are given', () => {
    expect(thinIndices(10, 14, 4, (i) => i % 2)).toEqual([10, 11, 12, 13]);
  });

  it('never repeats a row, on a flat series or with the newest row an extreme', () => {
    const flat = thinIndices(0, 1_000, 16, () => 1);
    expect(new Set(flat).size).toBe(flat.length);
    const rising = thinIndices(0, 1_000, 16, (i) => i);
    expect(new Set(rising).size).toBe(rising.length);
    expect(rising.at(-1)).toBe(999);
  });

  it("keeps each bucket's minimum and maximum, in time order", () => {
    // Two buckets of five rows: a high then a low in the first, a low then a high in the second.
    const values = [5, 9, 5, 1, 5, 5, 0, 5, 8, 5];
    expect(thinIndices(0, values.length, 5, (i) => values[i]!)).toEqual([1, 3, 6, 8, 9]);
  });

  it('picks rows only inside [from, to)', () => {
    const picked = thinIndices(100, 200, 9, (i) => Math.cos(i));
    expect(picked.every((i) => i >= 100 && i < 200)).toBe(true);
    expect(picked.at(-1)).toBe(199);
    expect(thinIndices(100, 200, 5)).toEqual([100, 125, 150, 175, 199]);
  });
});
