import { describe, expect, it } from 'vitest';
import { RollingWindow, fillsWith } from './rolling-window';

/** Mean and population variance of `xs`, the slow way. */
function reference(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length };
}

describe('RollingWindow', () => {
  it('holds the mean and variance of its last `period` values, far from zero too', () => {
    const w = new RollingWindow(7);
    const seen: number[] = [];
    let x = 1e6;
    for (let i = 0; i < 500; i++) {
      x += Math.sin(i) * 3 + 0.01 * i;
      w.add(x);
      seen.push(x);
      const want = reference(seen.slice(-7));
      const got = w.stats();
      expect(got.mean).toBeCloseTo(want.mean, 6);
      expect(got.variance).toBeCloseTo(want.variance, 6);
    }
    expect(w.full).toBe(true);
  });

  it('answers for a value it would add without keeping it', () => {
    const w = new RollingWindow(3);
    for (const x of [10, 11, 12]) w.add(x);
    const peeked = w.stats(20);
    expect(peeked.mean).toBeCloseTo(reference([11, 12, 20]).mean, 12);
    expect(peeked.variance).toBeCloseTo(reference([11, 12, 20]).variance, 12);
    expect(w.stats().mean).toBeCloseTo(11, 12);
  });

  it('says when one more value fills it, and forgets everything on reset', () => {
    const w = new RollingWindow(3);
    w.add(1);
    expect(fillsWith(w)).toBe(false);
    w.add(2);
    expect(fillsWith(w)).toBe(true);
    w.reset();
    expect(w.count).toBe(0);
    w.add(5);
    expect(w.stats()).toEqual({ mean: 5, variance: 0 });
  });
});
