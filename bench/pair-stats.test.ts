import { describe, expect, it } from 'vitest';
import { baseFirst, summarisePairs } from './pair-stats';

describe('summarisePairs', () => {
  it('gives each pair its with / base ratio, in the order measured', () => {
    const s = summarisePairs(
      [
        { base: 100, with: 120 },
        { base: 200, with: 220 },
        { base: 50, with: 65 },
      ],
      1.15,
    );
    expect(s.ratios).toEqual([1.2, 1.1, 1.3]);
    expect(s.median).toBe(1.2);
    expect(s.min).toBe(1.1);
    expect(s.max).toBe(1.3);
  });

  it('takes the mean of the middle two ratios for an even count', () => {
    const s = summarisePairs(
      [
        { base: 1, with: 1.4 },
        { base: 1, with: 1 },
        { base: 1, with: 1.2 },
        { base: 1, with: 1.1 },
      ],
      1.15,
    );
    expect(s.median).toBeCloseTo(1.15, 12);
  });

  it('counts the pairs at or under the target as met', () => {
    const s = summarisePairs(
      [
        { base: 100, with: 115 },
        { base: 100, with: 116 },
        { base: 100, with: 90 },
      ],
      1.15,
    );
    expect(s.met).toBe(2);
  });

  it('refuses an empty list rather than report NaN', () => {
    expect(() => summarisePairs([], 1.15)).toThrow(RangeError);
  });
});

describe('baseFirst', () => {
  it('turns the order every pair', () => {
    expect([0, 1, 2, 3].map(baseFirst)).toEqual([true, false, true, false]);
  });
});
