import { describe, expect, it } from 'vitest';
import { axisTicks, TIME_STEPS_MS, timeFormat, timeStep, timeTicks } from './time-ticks';

describe('timeStep', () => {
  it('picks the smallest round step that leaves each label its room', () => {
    // 5 minutes on 1,150 px with 70 px a label: at most 16 ticks, so 20 s (15 ticks).
    expect(timeStep(300_000, 1_150, 70)).toBe(20_000);
    // The same span on a pop-out a third as wide: 5 ticks at most, so a minute.
    expect(timeStep(300_000, 383, 70)).toBe(60_000);
  });

  it('ticks a 5-second zoom every second, and a week of history by the day', () => {
    expect(timeStep(5_000, 1_000, 70)).toBe(1_000);
    expect(timeStep(7 * 86_400_000, 500, 70)).toBe(86_400_000);
  });

  it('falls back to the largest step for a span beyond them all, and to one tick on no room', () => {
    expect(timeStep(1e15, 1_000, 70)).toBe(TIME_STEPS_MS.at(-1));
    expect(timeStep(60_000, 10, 70)).toBe(60_000);
  });
});

describe('timeTicks', () => {
  it('ticks at the multiples of the step inside the range, both ends included', () => {
    expect(timeTicks(1_500, 6_000, 2_000, 0)).toEqual([2_000, 4_000, 6_000]);
    expect(timeTicks(2_000, 5_999, 2_000, 0)).toEqual([2_000, 4_000]);
  });

  it('aligns to local time: an hour step ticks on the local hour, not the UTC one', () => {
    const halfHourAhead = 30 * 60_000;
    const ticks = timeTicks(0, 3 * 3_600_000, 3_600_000, halfHourAhead);
    expect(ticks).toEqual([1_800_000, 5_400_000, 9_000_000]);
    for (const t of ticks) expect((t + halfHourAhead) % 3_600_000).toBe(0);
  });

  it('gives none for a range narrower than the step between two multiples', () => {
    expect(timeTicks(1_100, 1_900, 1_000, 0)).toEqual([]);
  });
});

describe('timeFormat', () => {
  it('shows seconds only when the step has them, the day from a day up', () => {
    expect(timeFormat(15_000)).toBe('HH:mm:ss');
    expect(timeFormat(0)).toBe('HH:mm:ss');
    expect(timeFormat(60_000)).toBe('HH:mm');
    expect(timeFormat(6 * 3_600_000)).toBe('HH:mm');
    expect(timeFormat(86_400_000)).toBe('MMM d');
  });
});

describe('axisTicks', () => {
  it('keeps every tick half a label from both ends, so the plot is never padded for one', () => {
    // A 5-minute window sliding by 120 ms on 1,150 px, labels 46 px wide.
    for (let min = 0; min < 30_000; min += 120) {
      const max = min + 300_000;
      const ticks = axisTicks(min, max, 1_150, 46, 0);
      expect(ticks.length).toBeGreaterThan(10);
      for (const t of ticks) {
        expect(((t - min) / 300_000) * 1_150).toBeGreaterThanOrEqual(23);
        expect(((max - t) / 300_000) * 1_150).toBeGreaterThanOrEqual(23);
        expect(t % 20_000).toBe(0);
      }
    }
  });
});
