import type { Tick } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { priceTickLabel } from './price-axis';

/** The labels of an axis whose ticks are `values`. */
const labels = (values: number[]): string[] => {
  const ticks: Tick[] = values.map((value) => ({ value }));
  return values.map((v, i) => priceTickLabel(v, i, ticks));
};

describe('priceTickLabel', () => {
  it('writes a 1e-8 price in plain decimals, the same exponent-free way across a power of ten', () => {
    expect(labels([9.9e-9, 9.95e-9, 1e-8, 1.005e-8])).toEqual([
      '0.00000000990',
      '0.00000000995',
      '0.00000001000',
      '0.00000001005',
    ]);
    expect(labels([0.0000123, 0.0000124])).toEqual(['0.0000123', '0.0000124']);
  });

  it('labels a 45,000 price at its step, not at the float noise of the ticks’ difference', () => {
    // Chart.js's ticks of a BTC pair 0.1 apart: 45001.1 − 45001 is 0.09999999999854481.
    expect(labels([45_000.8, 45_000.9, 45_001, 45_001.1])).toEqual([
      '45,000.8',
      '45,000.9',
      '45,001.0',
      '45,001.1',
    ]);
  });

  it('labels ordinary and huge prices as before: the step’s decimals, grouped in thousands', () => {
    expect(labels([99.5, 100, 100.5])).toEqual(['99.5', '100.0', '100.5']);
    expect(labels([19, 19.25, 19.5])).toEqual(['19.00', '19.25', '19.50']);
    expect(labels([999_999_950, 1_000_000_000, 1_000_000_050])).toEqual([
      '999,999,950',
      '1,000,000,000',
      '1,000,000,050',
    ]);
  });

  it('writes prices beyond the decimals a price shows anywhere in exponent form, as the watchlist does', () => {
    expect(labels([5.1e-11, 5.2e-11, 5.3e-11])).toEqual(['5.1e-11', '5.2e-11', '5.3e-11']);
    expect(labels([5.12e-11, 5.125e-11, 5.13e-11])).toEqual([
      '5.120e-11',
      '5.125e-11',
      '5.130e-11',
    ]);
    expect(labels([0, 2e-11, 4e-11])).toEqual(['0', '2e-11', '4e-11']);
    // An axis reaching the last decimal shown is written as the watchlist writes its prices.
    expect(labels([0, 5e-11, 1e-10])).toEqual(['0.00000000000', '0.00000000005', '0.00000000010']);
  });
});
