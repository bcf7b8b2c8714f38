/**
 * One football match as the sports model plays it: its phase, clock, score and red cards, the
 * match-time lengths it is played to, how it starts, and its live odds. Apart from the model's stepping
 * (./sports-model.ts) so what a match is can be read without how it moves on.
 */
import type { MatchStatus } from '../protocol/feed';
import type { Disruption } from './match-disruptions';
import { drawStrength, goalRates, type Sides } from './goal-rates';
import { liveOdds, type Odds } from './match-odds';
import type { Rng } from './rng';

export const MINUTE_MS = 60_000;
/** Match time of one half and of the full match, ms. */
export const HALF_MS = 45 * MINUTE_MS;
export const MATCH_MS = 2 * HALF_MS;
/** Break lengths in match time, scaled like the clock. */
export const HALFTIME_MS = 15 * MINUTE_MS;
export const BEFORE_REMATCH_MS = 20 * MINUTE_MS;

/** A match as it is played; its strengths and red cards set its scoring rates. */
export interface Match extends Sides {
  readonly index: number;
  status: MatchStatus;
  /** Real (simulated) ms until the current pause ends (any phase but live). */
  pauseLeftMs: number;
  /** How play goes wrong in this match (the `disruption` scenario); null when it never does. */
  readonly disruption: Disruption | null;
  /** This match's disruption happened (a rematch clears it). */
  disrupted: boolean;
  half: 1 | 2;
  clockMs: number;
  /** Clock at which the current half ends (45 or 90 minutes plus stoppage time). */
  halfEndsAtMs: number;
  home: number;
  away: number;
  redHome: number;
  redAway: number;
  odds: Odds;
  sinceClockTickMs: number;
  seq: number;
}

/**
 * Match `index` before its first kick-off, `kickoffInMs` real (simulated) ms away, with its
 * teams' strengths drawn from `rng` and its pre-match odds.
 */
export function scheduledMatch(
  index: number,
  kickoffInMs: number,
  disruption: Disruption | null,
  rng: Rng,
): Match {
  const match: Match = {
    index,
    strengthHome: drawStrength(rng),
    strengthAway: drawStrength(rng),
    status: 'scheduled',
    pauseLeftMs: kickoffInMs,
    disruption,
    disrupted: false,
    half: 1,
    clockMs: 0,
    halfEndsAtMs: HALF_MS,
    home: 0,
    away: 0,
    redHome: 0,
    redAway: 0,
    odds: { home: 0, draw: 0, away: 0 },
    sinceClockTickMs: 0,
    seq: 0,
  };
  match.odds = matchOdds(match);
  return match;
}

/** Odds for the match as it stands: the goals still expected in the time left, and the score. */
export function matchOdds(m: Match): Odds {
  const played = m.half === 1 ? Math.min(m.clockMs, HALF_MS) : Math.min(m.clockMs, MATCH_MS);
  const left = m.status === 'finished' ? 0 : (MATCH_MS - played) / MATCH_MS;
  const rates = goalRates(m);
  return liveOdds(m.home, m.away, rates.home * left, rates.away * left);
}
