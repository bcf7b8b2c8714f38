import { describe, expect, it } from 'vitest';
import { axisTicks, labelEvery, niceAxis, tickLabel } from './depth-axes';

describe('depth chart axes', () => {
  it('steps a size axis from zero in 1, 2 or 5 × 10ⁿ, rounded out to a whole step', () => {
    expect(niceAxis(0, 483, 6)).toEqual({ min: 0, max: 500, step: 100, decimals: 0 });
    expect(niceAxis(0, 1_950, 6)).toEqual({ min: 0, max: 2_000, step: 500, decimals: 0 });
  });

  it('steps a price axis around the book with the decimals of its step', () => {
    // Chart.js labelled this book 92.5, 92.7, 92.9: ticks of 0.1, every other one shown.
    const axis = niceAxis(92.56, 92.96, 7);
    expect(axis).toEqual({ min: 92.5, max: 93, step: 0.1, decimals: 1 });
    expect(axisTicks(axis)).toEqual([92.5, 92.6, 92.7, 92.8, 92.9, 93]);
  });

  it('widens the step when rounding out would need more ticks than allowed', () => {
    const axis = niceAxis(0.9, 2.1, 3);
    expect(axisTicks(axis).length).toBeLessThanOrEqual(3);
    expect(axis.min).toBeLessThanOrEqual(0.9);
    expect(axis.max).toBeGreaterThanOrEqual(2.1);
  });

  it('gives a single level an axis 5 % either side of its price, as Chart.js does', () => {
    expect(niceAxis(5, 5, 6)).toEqual({ min: 4.6, max: 5.4, step: 0.2, decimals: 1 });
    // A 1e-8 coin's one level: around its price, not −1 to 1.
    const tiny = niceAxis(1e-8, 1e-8, 6);
    expect(tiny.min).toBeGreaterThan(0);
    expect(tiny.max).toBeLessThan(2e-8);
    expect(niceAxis(0, 0, 6)).toMatchObject({ min: -1, max: 1 });
  });

  it('lists ticks without floating-point dust', () => {
    expect(axisTicks(niceAxis(0.1, 0.35, 6))).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
  });

  it('labels with grouped thousands and the step’s decimals', () => {
    expect(tickLabel(1_234.5, 1)).toBe('1,234.5');
    expect(tickLabel(92.7, 2)).toBe('92.70');
    expect(tickLabel(400, 0)).toBe('400');
  });

  it('labels every n-th tick so the labels fit their axis', () => {
    expect(labelEvery(6, 67, 15)).toBe(2);
    expect(labelEvery(3, 300, 50)).toBe(1);
    expect(labelEvery(11, 10, 50)).toBe(11);
  });
});
