/**
 * What a fresh subscriber to a feed's state receives (a recording's start, a relay's newcomer,
 * a replay's seek): each instrument's snapshot at its resume point. Read off ./feed-state.ts.
 */
import type { SnapshotMessage } from '../../protocol/feed';
import type { FeedState } from './feed-state';

/**
 * A snapshot per instrument whose whole state is known, in hello order, with the seq of the
 * last event folded into it. Instruments with no snapshot yet, or waiting for one after a gap,
 * are left out rather than sent with a seq their state does not match.
 */
export function resumeSnapshots(
  feed: Pick<FeedState, 'instruments' | 'sequence' | 'markets' | 'matches'>,
): SnapshotMessage[] {
  const seqs = feed.sequence.resumePoints();
  const out: SnapshotMessage[] = [];
  for (const { id, kind } of feed.instruments) {
    const seq = seqs.get(id);
    const state = kind === 'market' ? feed.markets.get(id) : feed.matches.get(id);
    if (seq === undefined || !state?.complete) continue;
    seqs.delete(id); // an id listed twice gets one snapshot
    out.push({ op: 'snapshot', instrument: id, seq, state: state.toSnapshot() });
  }
  return out;
}
