import { describe, expect, it } from 'vitest';
import { againstTarget, medianInterval } from './median-interval';

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('medianInterval', () => {
  it('takes the 6th and 15th of 20 figures at 95 % (the binomial table)', () => {
    const interval = medianInterval(oneTo(20).reverse());
    expect(interval).toMatchObject({ low: 6, high: 15 });
    expect(interval!.coverage).toBeCloseTo(0.9586, 4);
  });

  it('takes the 3rd and 12th of 14, whose next step in would cover under 95 %', () => {
    const interval = medianInterval(oneTo(14));
    expect(interval).toMatchObject({ low: 3, high: 12 });
    expect(interval!.coverage).toBeCloseTo(0.9871, 4);
  });

  it('takes the whole range of 6, and has none for 5 (1/32 a tail is over 2.5 %)', () => {
    expect(medianInterval(oneTo(6))).toMatchObject({ low: 1, high: 6 });
    expect(medianInterval(oneTo(5))).toBeNull();
  });

  it('narrows as the level is lowered', () => {
    expect(medianInterval(oneTo(20), 0.8)).toMatchObject({ low: 7, high: 14 });
  });

  it('refuses a level outside (0, 1)', () => {
    expect(() => medianInterval(oneTo(20), 1)).toThrow(RangeError);
    expect(() => medianInterval(oneTo(20), Number.NaN)).toThrow(RangeError);
  });
});

describe('againstTarget', () => {
  it('says met, not met or not told apart by where the interval lies', () => {
    expect(againstTarget({ low: 1.05, high: 1.15, coverage: 0.96 }, 1.15)).toMatch(/^met/);
    expect(againstTarget({ low: 1.151, high: 1.2, coverage: 0.96 }, 1.15)).toMatch(/^NOT met/);
    expect(againstTarget({ low: 1.1, high: 1.16, coverage: 0.96 }, 1.15)).toMatch(/^not told/);
    expect(againstTarget(null, 1.15)).toMatch(/too few/);
  });
});
