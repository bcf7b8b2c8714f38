import { describe, expect, it } from 'vitest';
import { balancedRatios, baseFirst, summarisePairs } from './pair-stats';

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

describe('balancedRatios', () => {
  it('combines each two pairs as the geometric mean of their ratios, leaving an odd last out', () => {
    const balanced = balancedRatios([0.9, 1.1 ** 2 / 0.9, 1.0, 1.21, 2]);
    expect(balanced).toHaveLength(2);
    expect(balanced[0]).toBeCloseTo(1.1, 12);
    expect(balanced[1]).toBeCloseTo(1.1, 12);
  });

  it("cancels an order bias that multiplies one way round's ratio and divides the other's", () => {
    const truth = [1.05, 1.1, 1.08];
    const measured = truth.flatMap((r) => [r / 1.07, r * 1.07]);
    balancedRatios(measured).forEach((b, j) => expect(b).toBeCloseTo(truth[j]!, 12));
  });
});

describe('summarisePairs interval', () => {
  it("gives the balanced median's 95 % interval from twelve pairs, none from ten", () => {
    const ratios = [1.3, 1.1, 1.2, 1.0, 1.25, 1.05, 1.15, 1.12, 1.02, 1.4, 1.11, 1.09];
    const pairs = ratios.map((r) => ({ base: 1, with: r }));
    const balanced = balancedRatios(ratios);
    const s = summarisePairs(pairs, 1.15);
    expect(s.balanced).toEqual(balanced);
    expect(s.interval).toMatchObject({ low: Math.min(...balanced), high: Math.max(...balanced) });
    expect(summarisePairs(pairs.slice(2), 1.15).interval).toBeNull();
  });
});
