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
