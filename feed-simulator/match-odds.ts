/**
 * Live 1X2 odds from a Poisson goal model: each side scores its remaining goals as an
 * independent Poisson variable, so the final-score distribution, and from it the probability of
 * a home win, draw and away win, follows from the current score and the goals still expected.
 * The bookmaker's margin scales the implied probabilities so they sum to 1 + margin.
 */

/** Bookmaker overround: implied probabilities sum to 1 + this. */
export const BOOKMAKER_MARGIN = 0.05;
/** Decimal odds are quoted to two places and kept in the range exchanges accept. */
const MIN_DECIMAL_ODDS = 1.01;
const MAX_DECIMAL_ODDS = 1000;
/** Remaining goals beyond this per side have negligible probability at football scoring rates. */
const MAX_REMAINING_GOALS = 12;

/** Decimal odds for home win, draw and away win. */
export interface Odds {
  readonly home: number;
  readonly draw: number;
  readonly away: number;
}

function poissonPmf(mean: number, maxK: number): Float64Array {
  const pmf = new Float64Array(maxK + 1);
  pmf[0] = Math.exp(-mean);
  for (let k = 1; k <= maxK; k++) pmf[k] = (pmf[k - 1]! * mean) / k;
  return pmf;
}

/**
 * Odds given the score and the goals each side is still expected to score (its scoring rate
 * times the match time left).
 */
export function liveOdds(
  homeGoals: number,
  awayGoals: number,
  homeExpectedRemaining: number,
  awayExpectedRemaining: number,
  margin = BOOKMAKER_MARGIN,
): Odds {
  const ph = poissonPmf(homeExpectedRemaining, MAX_REMAINING_GOALS);
  const pa = poissonPmf(awayExpectedRemaining, MAX_REMAINING_GOALS);
  let home = 0;
  let draw = 0;
  let away = 0;
  for (let i = 0; i <= MAX_REMAINING_GOALS; i++) {
    for (let j = 0; j <= MAX_REMAINING_GOALS; j++) {
      const p = ph[i]! * pa[j]!;
      const diff = homeGoals + i - (awayGoals + j);
      if (diff > 0) home += p;
      else if (diff < 0) away += p;
      else draw += p;
    }
  }
  const total = home + draw + away;
  return {
    home: toDecimalOdds(home / total, margin),
    draw: toDecimalOdds(draw / total, margin),
    away: toDecimalOdds(away / total, margin),
  };
}

function toDecimalOdds(probability: number, margin: number): number {
  const odds = 1 / (probability * (1 + margin));
  if (!Number.isFinite(odds)) return MAX_DECIMAL_ODDS;
  return Math.min(MAX_DECIMAL_ODDS, Math.max(MIN_DECIMAL_ODDS, Math.round(odds * 100) / 100));
}
