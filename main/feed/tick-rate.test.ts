import { describe, expect, it } from 'vitest';
import { TICK_RATE_WINDOW_MS, TickRate } from './tick-rate';

describe('a source tick rate', () => {
  it('reads 0 until its first window is complete, then that window per second', () => {
    const rate = new TickRate(1_000);
    expect(rate.read(50, 1_000 + TICK_RATE_WINDOW_MS - 1)).toBe(0);
    expect(rate.read(80, 1_000 + 2 * TICK_RATE_WINDOW_MS)).toBe(40);
  });

  it('holds a window figure until the next window is complete, counting only its ticks', () => {
    const rate = new TickRate(0);
    expect(rate.read(100, 1_000)).toBe(100);
    expect(rate.read(900, 1_500)).toBe(100);
    expect(rate.read(1_100, 3_000)).toBe(500);
  });
});
