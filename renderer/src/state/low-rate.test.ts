// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LowRate } from './low-rate.svelte';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LowRate', () => {
  it('shows the first value at once, then the newest at most once an interval', () => {
    const rate = new LowRate(0, 1_000, () => Date.now());
    rate.set(1);
    expect(rate.shown).toBe(1);
    rate.set(2);
    rate.set(3);
    expect(rate.shown).toBe(1);
    vi.advanceTimersByTime(999);
    expect(rate.shown).toBe(1);
    vi.advanceTimersByTime(1);
    expect(rate.shown).toBe(3);
  });

  it('keeps the interval for a new value: the value it is given again is nothing new', () => {
    const rate = new LowRate(0, 1_000, () => Date.now());
    rate.set(0);
    rate.set(1);
    expect(rate.shown).toBe(1);
  });

  it('drops a pending value when stopped', () => {
    const rate = new LowRate(0, 1_000, () => Date.now());
    rate.set(1);
    rate.set(2);
    rate.stop();
    vi.advanceTimersByTime(5_000);
    expect(rate.shown).toBe(1);
  });

  it('refuses an interval that is not a positive number', () => {
    expect(() => new LowRate(0, 0)).toThrow(/intervalMs must be > 0, got 0/);
  });
});
