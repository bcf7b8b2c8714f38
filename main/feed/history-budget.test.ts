import { describe, expect, it } from 'vitest';
import { SERIES_FLOOR_POINTS } from '../../shared/history-budget';
import {
  ODDS_BUDGET_POINTS,
  ODDS_FLOOR_POINTS,
  SERIES_BUDGET_POINTS,
  historyLimits,
} from './history-budget';
import { SERIES_CAPACITY } from './market-history';
import { ODDS_HISTORY } from './match-state';

describe('history budget', () => {
  it('gives a few instruments the full history', () => {
    for (const n of [0, 1, 20, 100])
      expect(historyLimits(n, n)).toEqual({
        seriesPoints: SERIES_CAPACITY,
        oddsPoints: ODDS_HISTORY,
      });
  });

  it('gives thousands of instruments the floor', () => {
    expect(historyLimits(5_000, 5_000)).toEqual({
      seriesPoints: SERIES_FLOOR_POINTS,
      oddsPoints: ODDS_FLOOR_POINTS,
    });
  });

  it('shares each ring kind among the instruments that have it', () => {
    expect(historyLimits(20, 5_000)).toEqual({
      seriesPoints: SERIES_CAPACITY,
      oddsPoints: ODDS_FLOOR_POINTS,
    });
  });

  it('shrinks with the count and keeps the total within the budget above the floor', () => {
    let previous = Infinity;
    for (let n = 1; n <= 10_000; n += 7) {
      const { seriesPoints, oddsPoints } = historyLimits(n, n);
      expect(seriesPoints).toBeLessThanOrEqual(previous);
      previous = seriesPoints;
      if (seriesPoints > SERIES_FLOOR_POINTS)
        expect(seriesPoints * n).toBeLessThanOrEqual(SERIES_BUDGET_POINTS);
      if (oddsPoints > ODDS_FLOOR_POINTS)
        expect(oddsPoints * n).toBeLessThanOrEqual(ODDS_BUDGET_POINTS);
    }
  });

  it('keeps the full depth up to the documented counts, and halves it just past them', () => {
    // 128 full series of 8,192 points and 256 full odds histories of 1,024 fill the budgets
    // (16 MiB and 8 MiB of rings); one instrument more halves every share.
    expect(historyLimits(128, 256)).toEqual({ seriesPoints: 8_192, oddsPoints: 1_024 });
    expect(historyLimits(129, 257)).toEqual({ seriesPoints: 4_096, oddsPoints: 512 });
    // The odds floor is 4 minutes at a point a second, reached at 1,024 matches.
    expect(historyLimits(0, 1_024).oddsPoints).toBe(256);
    expect(historyLimits(0, 1_025).oddsPoints).toBe(256);
    expect(historyLimits(0, 513).oddsPoints).toBe(256);
    expect(historyLimits(0, 512).oddsPoints).toBe(512);
  });
});
