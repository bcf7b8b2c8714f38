/**
 * Reads many instruments' stored snapshots in one pass over the state bucket: a KV watch of
 * `state.>` delivers the newest value of every key as one stream, where a read per instrument
 * costs a request (and, in the NATS client, an error object when it settles) each. What it
 * finds is only a first read: the session still checks each snapshot against the live messages
 * it holds (./snapshot-fit.ts) and reads it again on its own when it does not fit.
 */
import type { KV, KvEntry } from '@nats-io/kv';
import { stateKey } from '../../../protocol/nats';

/** Fewer instruments than this are read one request each: the watch's setup costs more. */
export const BULK_READ_MIN = 64;
/**
 * No entry for this long ends the pass (an empty bucket delivers none), ms; the instruments it
 * did not find are read one by one.
 */
export const STATES_IDLE_MS = 1_000;
/** Bytes of values kept at most: a hostile bucket's huge values end the pass, not the desk. */
export const MAX_STATES_BYTES = 64 * 1024 * 1024;

/**
 * The stored entry of each of `ids` the bucket holds, by instrument. Entries for keys not
 * asked for are counted and dropped; the pass ends when the watch has delivered what was stored
 * when it started, after twice as many entries as asked for plus {@link BULK_READ_MIN} (a
 * bucket crowded with other keys), at {@link MAX_STATES_BYTES}, or when `closed()`. A watch the
 * server refuses (credentials without the consumer API) gives an empty map; one that fails
 * midway, what it found until then.
 */
export async function readStoredStates(
  bucket: KV,
  ids: readonly string[],
  closed: () => boolean,
): Promise<Map<string, KvEntry>> {
  const found = new Map<string, KvEntry>();
  const wanted = new Map(ids.map((id) => [stateKey(id), id]));
  const watch = await bucket.watch({ key: 'state.>' }).catch(() => null);
  if (watch === null) return found;
  let idle = setTimeout(() => watch.stop(), STATES_IDLE_MS);
  let entries = 0;
  let bytes = 0;
  try {
    for await (const entry of watch) {
      clearTimeout(idle);
      if (closed()) break;
      const id = wanted.get(entry.key);
      if (id !== undefined) {
        if (entry.operation === 'PUT') found.set(id, entry);
        else found.delete(id);
      }
      bytes += entry.length;
      // The client marks the pass's last entry `isUpdate` already; nothing stored is left after it.
      if (entry.isUpdate || entry.delta === 0) break;
      if (++entries >= 2 * ids.length + BULK_READ_MIN || bytes >= MAX_STATES_BYTES) break;
      idle = setTimeout(() => watch.stop(), STATES_IDLE_MS);
    }
  } catch {
    // A watch that fails midway (the connection lost, the consumer gone): what it found still
    // stands, and the session reads the rest one by one.
  } finally {
    clearTimeout(idle);
    watch.stop();
  }
  return found;
}
