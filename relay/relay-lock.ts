/**
 * One relay per source: the relay holds an entry in the source's lock bucket, whose entries
 * expire after a TTL ({@link LOCK_TTL_MS} by default), and renews it five times per TTL.
 * `create` fails while another relay's entry lives, so a second relay is refused rather than
 * interleaving a second sequence; one killed without goodbye frees the source when its entry
 * expires.
 */
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { LOCK_KEY, type NatsNames, type RelayLock } from '../protocol/nats';

/** A relay that stops renewing loses the source after this long, ms (the default TTL). */
export const LOCK_TTL_MS = 5_000;
/** Renewals per TTL (every 1 s at the default): three may fail before the lock lapses. */
const RENEWALS_PER_TTL = 5;

/** Another relay holds the source. */
export class SourceTakenError extends Error {}

export interface HeldLock {
  /** Frees the source at once (a clean exit). */
  release(): Promise<void>;
}

function describe(bytes: Uint8Array | undefined): string {
  try {
    const lock = JSON.parse(new TextDecoder().decode(bytes)) as RelayLock;
    return `pid ${lock.pid} on ${lock.host}, since ${new Date(lock.startedAt).toISOString()}`;
  } catch {
    return 'an unreadable lock entry';
  }
}

/** `create` failed because an entry lives (not because the server is away). */
function isTaken(err: Error): boolean {
  return /wrong last sequence|key exists/i.test(err.message);
}

/**
 * Takes the lock or throws {@link SourceTakenError} naming the holder. `lost` hears when a
 * renewal finds the lock taken over (this relay must stop publishing). `ttlMs` is given to the
 * lock bucket when this call creates it (a bucket keeps the TTL it was made with): every relay
 * on a NATS server passes the same one, shorter only in tests of what a lapse does.
 */
export async function acquireLock(
  nc: NatsConnection,
  names: NatsNames,
  source: string,
  owner: RelayLock,
  replicas: number,
  lost: (reason: string) => void,
  ttlMs: number = LOCK_TTL_MS,
): Promise<HeldLock> {
  const kv: KV = await new Kvm(nc).create(names.lockBucket, { history: 1, ttl: ttlMs, replicas });
  const value = new TextEncoder().encode(JSON.stringify(owner));
  const ours = new TextDecoder().decode(value);
  let revision: number;
  try {
    revision = await kv.create(LOCK_KEY, value);
  } catch (err) {
    if (!isTaken(err as Error)) throw err;
    const holder = await kv.get(LOCK_KEY).catch(() => null);
    // A create asked again after its answer timed out (./jetstream-retry.ts) finds the entry
    // the first one stored: this relay's own (its pid and start time), held, not refused.
    if (holder?.operation === 'PUT' && holder.string() === ours) revision = holder.revision;
    else
      throw new SourceTakenError(
        `another relay is publishing source "${source}" (${describe(holder?.value)}); ` +
          `stop it, or wait up to ${ttlMs / 1_000} s if it died`,
      );
  }
  let renewing: Promise<void> | null = null;
  const renew = (): Promise<void> =>
    kv.update(LOCK_KEY, value, revision).then(
      (next) => void (revision = next),
      async (err: Error) => {
        // A server that is away keeps the lock where it was; a newer revision is someone else,
        // unless it is our own: a renewal whose answer was lost (a leader election) was stored.
        if (!/wrong last sequence/i.test(err.message)) return;
        const entry = await kv.get(LOCK_KEY).catch(() => undefined);
        if (entry === undefined) return; // unreadable now: the next renewal asks again
        if (entry?.operation === 'PUT' && entry.string() === ours) {
          revision = entry.revision;
          return;
        }
        // Our entry lapsed (renewals failed for longer than the TTL: a long election) and
        // nobody took the source since: take it again, as a relay starting now would.
        if (entry === null || entry.operation !== 'PUT') {
          const taken = await kv.create(LOCK_KEY, value).then(
            (next) => void (revision = next),
            (createErr: Error) => isTaken(createErr),
          );
          if (taken !== true) return; // retaken, or the server is away: the next round asks
        }
        clearInterval(timer);
        lost(`the lock on source "${source}" was taken over by another relay`);
      },
    );
  const timer = setInterval(() => {
    // One renewal at a time. On an overloaded server an answer can take longer than the
    // interval; renewals racing on one revision (or two re-creating a lapsed entry) would take
    // each other for another relay, and the relay would stop itself.
    if (renewing !== null) return;
    renewing = renew().finally(() => (renewing = null));
  }, ttlMs / RENEWALS_PER_TTL);
  return {
    async release() {
      clearInterval(timer);
      await renewing;
      await kv.delete(LOCK_KEY, { previousSeq: revision }).catch(() => undefined);
    },
  };
}
