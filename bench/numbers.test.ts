import { describe, expect, it } from 'vitest';
import { median, percentile } from './numbers';

describe('bench figures', () => {
  it('takes the middle of an odd list and the upper middle of an even one, without sorting it', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('gives the nearest-rank percentile', () => {
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(20);
    expect(percentile([10, 20, 30, 40], 0.99)).toBe(40);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
