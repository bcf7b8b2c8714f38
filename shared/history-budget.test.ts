import { describe, expect, it } from 'vitest';
import { SERIES_FLOOR_POINTS, SPARKLINE_POINTS, historyShare } from './history-budget';

describe('history budget rule', () => {
  it('rounds a share down to a power of two', () => {
    expect(historyShare(3, 1_000, 1, 10_000)).toBe(256);
    expect(historyShare(300, 1_048_576, 512, 8_192)).toBe(2_048);
  });

  it('clamps a share to its floor and its maximum', () => {
    expect(historyShare(0, 1_000, 1, 100)).toBe(100);
    expect(historyShare(1_000_000, 1_000, 16, 100)).toBe(16);
  });

  it('keeps a series floor that holds two sparklines, on a power of two', () => {
    expect(SERIES_FLOOR_POINTS).toBeGreaterThanOrEqual(2 * SPARKLINE_POINTS);
    expect(SERIES_FLOOR_POINTS).toBeLessThan(4 * SPARKLINE_POINTS);
    expect(Math.log2(SERIES_FLOOR_POINTS) % 1).toBe(0);
  });
});
