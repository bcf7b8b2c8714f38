/**
 * Reads many instruments' stored snapshots from one KV watch of the state bucket's `state.>`
 * keys: the newest value of every key as one stream, then the values stored after, where a
 * read per instrument costs a request (and, in the NATS client, an error object when it
 * settles) each, and one not stored yet costs a request every retry. What it hands over is only
 * a first read: the session still checks each snapshot against the live messages it holds
 * (./snapshot-fit.ts) and reads it again on its own when it does not fit.
 */
import type { KV, KvEntry } from '@nats-io/kv';
import { stateKey } from '../../../protocol/nats';

/** Fewer instruments than this are read one request each: the watch's setup costs more. */
export const BULK_READ_MIN = 64;
/**
 * No entry for this long ends the watch (an empty bucket delivers none, a relay that stores
 * nothing more), ms; the instruments it did not find are read one by one.
 */
export const STATES_IDLE_MS = 1_000;
/** The longest a watch waits for states not stored yet, ms: then they are read one by one. */
export const MAX_STATES_WAIT_MS = 10_000;
/** Bytes of values read at most: a hostile bucket's huge values end the watch. */
export const MAX_STATES_BYTES = 64 * 1024 * 1024;

/**
 * Hands `onEntry` the stored entry of each of `ids`, once per instrument, as the watch
 * delivers it: what was stored when it started, then states stored since for the instruments
 * still missing (a desk that learned a hello before the relay stored its instruments' states).
 * Entries of keys not asked for, or already handed over, are counted and dropped. Ends once
 * every one was handed over, after {@link STATES_IDLE_MS} without an entry or
 * {@link MAX_STATES_WAIT_MS} in all, after twice as many entries as asked for plus
 * {@link BULK_READ_MIN} (a bucket crowded with other keys), at {@link MAX_STATES_BYTES}, or
 * when `closed()`. A watch the server refuses (credentials without the consumer API) hands
 * nothing over. Returns the instruments handed over.
 */
export async function readStoredStates(
  bucket: KV,
  ids: readonly string[],
  closed: () => boolean,
  onEntry: (id: string, entry: KvEntry) => void,
): Promise<ReadonlySet<string>> {
  const handed = new Set<string>();
  const wanted = new Map(ids.map((id) => [stateKey(id), id]));
  const watch = await bucket.watch({ key: 'state.>', ignoreDeletes: true }).catch(() => null);
  if (watch === null) return handed;
  const stop = () => watch.stop();
  const deadline = setTimeout(stop, MAX_STATES_WAIT_MS);
  let idle = setTimeout(stop, STATES_IDLE_MS);
  let entries = 0;
  let bytes = 0;
  try {
    for await (const entry of watch) {
      clearTimeout(idle);
      if (closed()) break;
      const id = wanted.get(entry.key);
      if (id !== undefined && !handed.has(id)) {
        handed.add(id);
        onEntry(id, entry);
      }
      bytes += entry.length;
      if (handed.size === wanted.size || bytes >= MAX_STATES_BYTES) break;
      if (++entries >= 2 * ids.length + BULK_READ_MIN) break;
      idle = setTimeout(stop, STATES_IDLE_MS);
    }
  } catch {
    // A watch that fails midway (the connection lost, the consumer gone): what it handed over
    // stands, and the session reads the rest one by one.
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
    stop();
  }
  return handed;
}
