/**
 * What a match card says of its match's status: the word shown, whether there is play to show,
 * and why its odds are locked. Pure, so the rules are tested without a card.
 */
import { CALLED_OFF_STATUSES } from '../../../protocol/feed-ticks';
import type { MatchView } from './match-view';

type MatchStatus = MatchView['status'];

const STATUS: Record<MatchStatus, string> = {
  scheduled: 'Scheduled',
  live: 'Live',
  halftime: 'Half-time',
  finished: 'Full-time',
  suspended: 'Suspended',
  postponed: 'Postponed',
  abandoned: 'Abandoned',
  cancelled: 'Cancelled',
};

/**
 * The status word. A card whose feed is down must not claim to be live: play may have moved on
 * unseen. Nor must a replayed one: its play happened when it was recorded.
 */
export function statusText(status: MatchStatus, stale: boolean, replayed: boolean): string {
  if (stale && (status === 'live' || status === 'halftime')) return 'Suspended';
  return replayed && status === 'live' ? 'In play' : STATUS[status];
}

/** No play to show: not started, or called off before it started. */
export function notStarted(status: MatchStatus): boolean {
  return status === 'scheduled' || status === 'postponed' || status === 'cancelled';
}

/**
 * Why the odds are locked, or null. Books stop taking bets while play is suspended and void
 * them when a match is called off.
 */
export function lockedReason(status: MatchStatus, stale: boolean): string | null {
  if (stale) return 'the feed is not live';
  if (status === 'suspended') return 'play is suspended';
  return CALLED_OFF_STATUSES.has(status) ? `the match is ${STATUS[status].toLowerCase()}` : null;
}
