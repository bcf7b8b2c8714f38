import { describe, expect, it } from 'vitest';
import { MAX_INFERRED_DECIMALS, inferredDecimals } from './price-decimals';

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
