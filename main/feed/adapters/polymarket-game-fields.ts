/**
 * What a Polymarket sports message says of its game, read from its texts: the status (with the
 * period, for half time) as the app's phase, the score and the elapsed clock.
 * https://docs.polymarket.com/market-data/websocket/sports
 *
 * Score and clock are not documented beyond the examples: `score` "3-16" is read as home-away
 * in the order of `homeTeam`/`awayTeam`; esports "000-000|2-0|Bo3" uses the series score (the
 * part before "BoN"). `elapsed` "5:18" is minutes and seconds, "90" minutes.
 */
import type { MatchStatus } from '../../../protocol/feed';

const SCHEDULED = new Set(['scheduled', 'not_started', 'delayed']);
const FINISHED = new Set([
  'final',
  'f/ot',
  'f/so',
  'finished',
  'forfeit',
  'awarded',
  'notnecessary',
]);
/** Status texts of play that did not go as planned, by the app's phase for them. */
const CALLED: ReadonlyMap<string, MatchStatus> = new Map([
  ['suspended', 'suspended'],
  ['interrupted', 'suspended'],
  ['postponed', 'postponed'],
  ['abandoned', 'abandoned'],
  ['canceled', 'cancelled'],
  ['cancelled', 'cancelled'],
]);

/** Maps the sport-specific status text (and the period, for half time) to the app's phases. */
export function matchStatus(
  status: string,
  period: string | undefined,
  live: boolean,
  ended: boolean,
): MatchStatus {
  const s = status.toLowerCase();
  const called = CALLED.get(s);
  if (called !== undefined) return called;
  if (ended || FINISHED.has(s)) return 'finished';
  if (s === 'break' || period === 'HT') return 'halftime';
  if (SCHEDULED.has(s)) return 'scheduled';
  return live || s === 'inprogress' || s === 'running' ? 'live' : 'scheduled';
}

/**
 * A score part and an elapsed clock, each count of at most 6 digits: no game counts a million
 * points or minutes, and 400 digits would read as Infinity, which no tick may carry.
 */
const SCORE_PART = /^(\d{1,6})-(\d{1,6})$/;
const ELAPSED = /^(\d{1,6})(?::(\d{1,2}))?$/;

/** "3-16" -> [3, 16]; "000-000|2-0|Bo3" -> [2, 0]; null when unreadable. */
export function parseScore(score: string): [number, number] | null {
  const parts = score.split('|');
  const bestOf = parts.length > 1 && /^Bo\d+$/i.test(parts[parts.length - 1]!);
  const part = bestOf ? parts[parts.length - 2]! : parts[0]!;
  const m = SCORE_PART.exec(part.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** "5:18" -> 318000 ms, "90" -> 5400000 ms (minutes); null when unreadable. */
export function parseElapsed(elapsed: string): number | null {
  const m = ELAPSED.exec(elapsed.trim());
  if (!m) return null;
  return m[2] === undefined ? Number(m[1]) * 60_000 : (Number(m[1]) * 60 + Number(m[2])) * 1000;
}
