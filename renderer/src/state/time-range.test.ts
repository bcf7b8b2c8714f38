import { describe, expect, it } from 'vitest';
import { TIME_RANGE_CHOICES, timeRangeLabel, timeRangeOptions, timeRangeShort } from './time-range';

describe('time range choices', () => {
  it('name the window and the candle size in words that cannot be confused', () => {
    const labels = TIME_RANGE_CHOICES.map(timeRangeLabel);
    expect(labels).toEqual([
      'Last 1 min · 1-second candles',
      'Last 5 min · 5-second candles',
      'Last 15 min · 5-second candles',
      'Last 15 min · 1-minute candles',
    ]);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('bug 241: show short words, as distinct, for one row of the charts head', () => {
    const shown = TIME_RANGE_CHOICES.map(timeRangeShort);
    expect(shown).toEqual(['1m · 1s', '5m · 5s', '15m · 5s', '15m · 1m']);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('fill the window with 15 to 180 candles', () => {
    for (const c of TIME_RANGE_CHOICES) {
      const candles = (c.windowMin * 60_000) / c.barIntervalMs;
      expect(candles).toBeGreaterThanOrEqual(15);
      expect(candles).toBeLessThanOrEqual(180);
    }
  });

  it('list a saved pair that is not offered, so the picker shows what the charts show', () => {
    expect(timeRangeOptions({ windowMin: 5, barIntervalMs: 5_000 })).toBe(TIME_RANGE_CHOICES);
    const odd = { windowMin: 1, barIntervalMs: 60_000 } as const;
    expect(timeRangeOptions(odd).at(-1)).toEqual(odd);
  });
});
