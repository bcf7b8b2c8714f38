import { describe, expect, it } from 'vitest';
import { SERIES_FLOOR_POINTS } from '../../shared/history-budget';
import {
  ODDS_BUDGET_POINTS,
  ODDS_FLOOR_POINTS,
  SERIES_BUDGET_POINTS,
  historyLimits,
} from './history-budget';
import { SERIES_CAPACITY } from './market-state';
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
});
