import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

function sample(n: number, draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

describe('Rng', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(
      Array.from({ length: 100 }, () => c.nextUint32()).filter((x, i) => x === xs[i]).length,
    ).toBeLessThan(2);
  });

  it('draws uniforms in [0, 1) and integers in [0, n)', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = rng.int(6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
    }
  });

  it('draws standard normals', () => {
    const rng = new Rng(2);
    const { mean, variance } = sample(50_000, () => rng.normal());
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeCloseTo(1, 1);
  });

  it('draws Poisson counts with variance equal to the mean, small and large', () => {
    const rng = new Rng(3);
    for (const lambda of [0.3, 4, 250]) {
      const { mean, variance } = sample(40_000, () => rng.poisson(lambda));
      expect(mean / lambda).toBeCloseTo(1, 1);
      expect(variance / lambda).toBeCloseTo(1, 1);
    }
    expect(rng.poisson(0)).toBe(0);
  });

  it('draws exponentials with the given mean', () => {
    const rng = new Rng(4);
    expect(sample(40_000, () => rng.exponential(5)).mean).toBeCloseTo(5, 0);
  });
});
