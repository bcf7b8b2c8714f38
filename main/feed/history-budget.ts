/**
 * How much history each of the engine's instruments may keep, from how many instruments share
 * it, by the shared rule ({@link historyShare}): a handful keep the full depth
 * ({@link SERIES_CAPACITY}, {@link ODDS_HISTORY}); thousands share these budgets. Rings
 * allocate on demand up to these limits (see shared/columnar-ring.ts), so a quiet instrument
 * costs less still.
 *
 * Bars are not budgeted: `BAR_HISTORY` (64 bars × 3 intervals × 48 B, 9 KiB when full) is
 * already below the 90 candles a chart shows, so it has no room to shrink. Nor are the logs
 * series points, tape trades and closed bars pass through on their way to the rings
 * (ring-log.ts, market-logs.ts): fixed, 4 MiB a feed.
 */
import { SERIES_FLOOR_POINTS, historyShare } from '../../shared/history-budget';
import { SERIES_CAPACITY } from './market-history';
import { ODDS_HISTORY } from './match-state';

/**
 * Price points all market series share: 16 MiB of rings when every series is full (16 B a
 * point). Every series keeps the full {@link SERIES_CAPACITY} up to 128 markets.
 */
export const SERIES_BUDGET_POINTS = 1_048_576;
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

/** Limits for a feed of `markets` market instruments and `matches` matches. */
export function historyLimits(markets: number, matches: number): HistoryLimits {
  return {
    seriesPoints: historyShare(markets, SERIES_BUDGET_POINTS, SERIES_FLOOR_POINTS, SERIES_CAPACITY),
    oddsPoints: historyShare(matches, ODDS_BUDGET_POINTS, ODDS_FLOOR_POINTS, ODDS_HISTORY),
  };
}
