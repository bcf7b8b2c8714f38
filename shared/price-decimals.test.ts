import { describe, expect, it } from 'vitest';
import {
  MAX_INFERRED_DECIMALS,
  inferredDecimals,
  priceDifference,
  withoutFloatNoise,
} from './price-decimals';

describe('inferredDecimals', () => {
  it('ignores binary float noise past the 15th significant digit', () => {
    expect(inferredDecimals(Number('187.52919999999998'))).toBe(4);
    expect(inferredDecimals(0.1 + 0.2)).toBe(1);
    expect(inferredDecimals(0.009999999999999998)).toBe(2);
    expect(inferredDecimals(1.1 * 3)).toBe(1); // 3.3000000000000003
  });

  it('keeps every decimal a price really has', () => {
    expect(inferredDecimals(101.25)).toBe(2);
    expect(inferredDecimals(0.00001234)).toBe(8);
    expect(inferredDecimals(1e-7)).toBe(7);
    expect(inferredDecimals(42)).toBe(0);
    expect(inferredDecimals(-3.5)).toBe(1);
  });

  it('caps what it infers and reads nothing from non-finite values', () => {
    expect(inferredDecimals(1.23456789012345e-9)).toBe(MAX_INFERRED_DECIMALS);
    expect(inferredDecimals(Number.NaN)).toBe(0);
    expect(inferredDecimals(Infinity)).toBe(0);
  });
});

describe('priceDifference', () => {
  it('takes the difference in the prices’ decimals', () => {
    expect(priceDifference(77.76, 77.07)).toBe(0.69); // 0.6900000000000119 as a double
    expect(priceDifference(0.00012345, 0.0001)).toBe(0.00002345);
    expect(priceDifference(105, 100)).toBe(5);
  });
});

describe('withoutFloatNoise', () => {
  it('cuts the noise past a double’s exact digits, and keeps the rest', () => {
    expect(withoutFloatNoise((10.1 + 10.2) / 2)).toBe(10.15);
    expect(withoutFloatNoise(0.1 + 0.2)).toBe(0.3);
    expect(withoutFloatNoise(1.23456789e-9)).toBe(1.23456789e-9);
    expect(withoutFloatNoise(Number.NaN)).toBeNaN();
  });
});
