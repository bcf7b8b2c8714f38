/**
 * How much history each instrument may keep, from how many instruments share it. A handful of
 * instruments keep the full depth ({@link SERIES_CAPACITY}, {@link ODDS_HISTORY}); thousands
 * share a fixed budget, so memory stays bounded whatever the feed announces, down to a floor
 * that still draws a sparkline and a recent chart. Rings allocate on demand up to these limits
 * (see ring-buffer.ts), so a quiet instrument costs less still.
 *
 * Bars are not budgeted: `BAR_HISTORY` (64 bars × 3 intervals × 48 B, 9 KiB when full) is
 * already below the 90 candles a chart shows, so it has no room to shrink.
 */
import { SERIES_CAPACITY } from './market-state';
import { ODDS_HISTORY } from './match-state';

/**
 * Price points all market series share: 16 MiB of rings when every series is full (16 B a
 * point). Every series keeps the full {@link SERIES_CAPACITY} up to 128 markets.
 */
export const SERIES_BUDGET_POINTS = 1_048_576;
/**
 * Fewest points a series keeps however many markets share the budget (8 KiB each, 40 MiB at
 * 5,000 markets): twice the 240 points a sparkline draws (the renderer's `SPARKLINE_POINTS`);
 * at the 50 ms series bucket (4 points at most) 6 s of an instrument ticking flat out, and
 * about a minute of one of 5,000 instruments sharing 50k ticks/s.
 */
export const SERIES_FLOOR_POINTS = 512;
/**
 * Odds points all matches share: 8 MiB of rings when every history is full (32 B a point).
 * Every match keeps the full {@link ODDS_HISTORY} up to 256 matches.
 */
export const ODDS_BUDGET_POINTS = 262_144;
/** Fewest odds points a match keeps: 4 minutes at a point a second, enough for a recent chart. */
export const ODDS_FLOOR_POINTS = 256;

/** Per-instrument ring capacities for an instrument list. */
export interface HistoryLimits {
  readonly seriesPoints: number;
  readonly oddsPoints: number;
}

/**
 * The budget's share for each of `count` instruments, clamped to [floor, max]. The share is
 * rounded down to a power of two: the total stays within the budget, a ring doubling from its
 * initial size lands on the limit exactly, and a list that changes by a few instruments rarely
 * moves any ring's limit.
 */
export function historyShare(count: number, budget: number, floor: number, max: number): number {
  const share = 2 ** Math.floor(Math.log2(budget / Math.max(1, count)));
  return Math.min(max, Math.max(floor, share));
}

/** Limits for a feed of `markets` market instruments and `matches` matches. */
export function historyLimits(markets: number, matches: number): HistoryLimits {
  return {
    seriesPoints: historyShare(markets, SERIES_BUDGET_POINTS, SERIES_FLOOR_POINTS, SERIES_CAPACITY),
    oddsPoints: historyShare(matches, ODDS_BUDGET_POINTS, ODDS_FLOOR_POINTS, ODDS_HISTORY),
  };
}
