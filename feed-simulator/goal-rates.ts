/**
 * How often each side scores: a rate per 90 minutes from the two teams' strengths (drawn
 * log-normal, see {@link drawStrength}), with a red card weakening the side that got it and
 * helping its opponent.
 */
import type { Rng } from './rng';

/** Goals per 90 minutes between two equal sides, home and away (typical league averages). */
const HOME_GOALS_PER_MATCH = 1.45;
const AWAY_GOALS_PER_MATCH = 1.15;
/**
 * Spread of team strengths (log-normal). At 0.2 the strongest of six sides rarely starts
 * shorter than about 1.3 against the weakest, as in a real league; wider spreads produced
 * 1.01 favourites after one early goal.
 */
const STRENGTH_LOG_SD = 0.2;
/** How strongly the strength ratio moves the scoring rates. */
const STRENGTH_EXPONENT = 0.9;
/** Scoring-rate factors while a side is down to ten men, for it and for its opponent. */
const RED_CARD_OWN_FACTOR = 0.7;
const RED_CARD_OPPONENT_FACTOR = 1.2;

/** What the scoring rates depend on. */
export interface Sides {
  readonly strengthHome: number;
  readonly strengthAway: number;
  readonly redHome: number;
  readonly redAway: number;
}

/** A team's strength, 1 for an average side; one normal draw from `rng`. */
export function drawStrength(rng: Rng): number {
  return Math.exp(rng.normal() * STRENGTH_LOG_SD);
}

/** Expected goals per 90 minutes for each side, given strengths and red cards. */
export function goalRates(m: Sides): { home: number; away: number } {
  const ratio = m.strengthHome / m.strengthAway;
  const home =
    HOME_GOALS_PER_MATCH *
    ratio ** STRENGTH_EXPONENT *
    RED_CARD_OWN_FACTOR ** m.redHome *
    RED_CARD_OPPONENT_FACTOR ** m.redAway;
  const away =
    AWAY_GOALS_PER_MATCH *
    ratio ** -STRENGTH_EXPONENT *
    RED_CARD_OWN_FACTOR ** m.redAway *
    RED_CARD_OPPONENT_FACTOR ** m.redHome;
  return { home, away };
}
