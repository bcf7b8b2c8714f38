/**
 * A Tickdeck-protocol feed of five matches, one in each phase a sports feed reports when play
 * does not go as planned, beside one in play: live, suspended, postponed, abandoned and
 * cancelled. Snapshots only, then heartbeats: each card stays in its phase.
 */
import type { MatchStatus } from '../../protocol/feed';
import { startStillFeed, type LoopbackFeed } from './loopback-feed';

/** Each match's id is its phase. */
export const MATCH_PHASES: readonly MatchStatus[] = [
  'live',
  'suspended',
  'postponed',
  'abandoned',
  'cancelled',
];

const INSTRUMENTS = MATCH_PHASES.map((status, i) => ({
  id: status,
  kind: 'sports',
  name: `Home ${i} v Away ${i}`,
  home: `Home ${i}`,
  away: `Away ${i}`,
  competition: 'Phases League',
  startTime: Date.now() + 3_600_000,
}));

export function startMatchStatusesFeed(): Promise<LoopbackFeed> {
  return startStillFeed({ server: 'phases', instruments: INSTRUMENTS, state });
}

/** Match `status`'s state: a score and a clock where play happened. */
function state(status: string): object {
  const played = status === 'live' || status === 'suspended' || status === 'abandoned';
  return {
    kind: 'sports',
    status,
    home: played ? 2 : 0,
    away: played ? 1 : 0,
    clockMs: played ? 3_900_000 : 0,
    running: status === 'live',
    odds: { home: 1.5, draw: 4.2, away: 6.8 },
    incidents: [],
  };
}
