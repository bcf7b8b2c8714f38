/**
 * The checks a replay client's requests pass before the playback acts on them, and which
 * snapshots a subscription is owed. Failures are the protocol's status errors.
 */
import type { Instrument } from '../protocol/feed';
import { REPLAY_SPEEDS, isReplaySpeed } from '../protocol/limits';
import type { SubscribeRequest } from '../protocol/feed-requests';
import type { Failure } from './replay-channel';
import type { Subscriptions } from './subscriptions';

/** Why a `replay` request cannot set speed `s`, or null when it can. */
export function speedFailure(s: number): Failure | null {
  return isReplaySpeed(s)
    ? null
    : { code: 'BAD_REQUEST', message: `replay.speed: expected ${REPLAY_SPEEDS}, got ${s}` };
}

/**
 * Why a subscription to `ids` is refused (an instrument the recording does not hold), or
 * null. A recording that names no instruments (yet) refuses none.
 */
export function unknownInstrumentFailure(
  instruments: readonly Instrument[],
  ids: readonly string[],
): Failure | null {
  const known = new Set(instruments.map((i) => i.id));
  const unknown = ids.find((id) => id !== '*' && known.size > 0 && !known.has(id));
  return unknown
    ? { code: 'UNKNOWN_INSTRUMENT', message: `no instrument "${unknown}" in this recording` }
    : null;
}

/**
 * Whether `req` owes instrument `id` its current state, once something has played: when it is
 * new to this client (`before` is the subscriptions before `req`), asked with `snapshot`, or
 * resumed (a replay cannot replay from the client's seq). So a resume sent in several frames,
 * then `["*"]` for the rest, snapshots each instrument once.
 */
export function owesSnapshot(req: SubscribeRequest, before: Subscriptions, id: string): boolean {
  const ids = req.instruments;
  return (
    (ids.includes('*') || ids.includes(id)) &&
    (req.snapshot === true || !before.wants(id) || Object.hasOwn(req.resume ?? {}, id))
  );
}
