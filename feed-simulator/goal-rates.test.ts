import { describe, expect, it } from 'vitest';
import { drawStrength, goalRates } from './goal-rates';
import { Rng } from './rng';

const even = { strengthHome: 1, strengthAway: 1, redHome: 0, redAway: 0 };

describe('goalRates', () => {
  it('gives equal sides the league averages, home ahead of away', () => {
    expect(goalRates(even)).toEqual({ home: 1.45, away: 1.15 });
  });

  it('lets the stronger side score more and the weaker less', () => {
    const r = goalRates({ ...even, strengthHome: 1.5 });
    expect(r.home).toBeGreaterThan(1.45);
    expect(r.away).toBeLessThan(1.15);
  });

  it('weakens the side down to ten men and helps its opponent', () => {
    const r = goalRates({ ...even, redHome: 1 });
    expect(r.home).toBeCloseTo(1.45 * 0.7, 12);
    expect(r.away).toBeCloseTo(1.15 * 1.2, 12);
  });
});

describe('drawStrength', () => {
  it('draws strengths around 1, mostly within a factor of 1.5', () => {
    const rng = new Rng(3);
    const drawn = Array.from({ length: 2_000 }, () => drawStrength(rng));
    const logMean = drawn.reduce((a, s) => a + Math.log(s), 0) / drawn.length;
    expect(Math.abs(logMean)).toBeLessThan(0.02);
    expect(drawn.filter((s) => s > 1.5 || s < 1 / 1.5).length / drawn.length).toBeLessThan(0.1);
  });
});
