import { describe, expect, it } from 'vitest';
import { checkCapacity, grownRows, moveRows } from './ring-memory';

describe('ring memory', () => {
  it('doubles a full ring, but never past its capacity', () => {
    expect(grownRows(16, 1_000)).toBe(32);
    expect(grownRows(512, 1_000)).toBe(1_000);
  });

  it('moves the newest rows to their slots in the new array, wrapped rows included', () => {
    // 4 rows of 2 columns hold absolute rows 2..5: slots 2, 3, 0, 1.
    const data = Float64Array.from([4, 40, 5, 50, 2, 20, 3, 30]);
    const moved = moveRows(data, 4, 2, 6, 3, 8);
    // Rows 3, 4, 5 kept, at slots 3, 4, 5 of 8.
    expect(Array.from(moved.subarray(6, 12))).toEqual([3, 30, 4, 40, 5, 50]);
    expect(Array.from(moved.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, NaN]) expect(() => checkCapacity(bad)).toThrow(RangeError);
    expect(() => checkCapacity(1)).not.toThrow();
  });
});
