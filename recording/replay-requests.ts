/**
 * The checks a replay client's requests pass before the playback acts on them, and which
 * snapshots a subscription is owed. Failures are the protocol's status errors.
 */
import type { Instrument } from '../protocol/feed';
import type { SubscribeRequest } from '../protocol/feed-requests';
import type { Failure } from './replay-channel';
import type { Subscriptions } from './subscriptions';

/** Allowed speed factors besides 0 (as fast as possible). */
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 100;

/** Why a `replay` request cannot set speed `s`, or null when it can. */
export function speedFailure(s: number): Failure | null {
  return s !== 0 && (s < MIN_SPEED || s > MAX_SPEED)
    ? {
        code: 'BAD_REQUEST',
        message: `replay.speed: expected 0 or ${MIN_SPEED} to ${MAX_SPEED}, got ${s}`,
      }
    : null;
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
