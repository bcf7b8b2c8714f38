/**
 * Reads a source's stored hello from its state bucket into a {@link HelloAssembly}
 * (protocol/nats-hello.ts): the first part, whose manifest says how many there are, then the
 * others at once. The relay may store a newer hello meanwhile, so a read can find parts of two
 * generations; the assembly keeps them apart, and the read starts again until the generation
 * it found (or a newer one, from the live subject) is complete.
 */
import type { KV, KvEntry } from '@nats-io/kv';
import { decodeHelloPart, helloPartKey } from '../../../protocol/nats-hello';
import type { HelloAssembly } from '../../../protocol/nats-hello-assembly';

/** Reads of the stored hello before giving up on one that keeps changing. */
export const STORED_HELLO_TRIES = 10;
/** Wait between two reads, ms: the relay's parts of one hello are stored within it. */
export const STORED_HELLO_RETRY_MS = 150;

/** What a read found: a hello given to `onHello`, none stored, or a refusal. */
export type StoredHello =
  { readonly kind: 'read' | 'none' } | { readonly kind: 'refused'; readonly error: string };

const isPut = (entry: KvEntry | null): entry is KvEntry => entry?.operation === 'PUT';

/**
 * Reads until `assembly` holds the stored generation, or the newest it has parts of (from the
 * live subject: their first ones may have gone before the desk subscribed, or been lost);
 * each hello it completes goes to `onHello`. `closed` stops it early (the session went away).
 */
export async function readStoredHello(
  bucket: KV,
  assembly: HelloAssembly,
  onHello: (hello: string) => void,
  closed: () => boolean = () => false,
): Promise<StoredHello> {
  let wanted = 0;
  for (let tries = 0; tries < STORED_HELLO_TRIES && !closed(); tries++) {
    if (tries > 0) await new Promise((resolve) => setTimeout(resolve, STORED_HELLO_RETRY_MS));
    const first = await bucket.get(helloPartKey(0));
    if (!isPut(first)) return { kind: 'none' };
    const head = decodeHelloPart(first.value);
    if (!head.ok) return { kind: 'refused', error: head.error };
    const { parts } = head.manifest;
    wanted = Math.max(head.manifest.generation, assembly.pendingGeneration);
    if (!assembly.isNewer(wanted)) return { kind: 'read' };
    const rest = await Promise.all(
      Array.from({ length: parts - 1 }, (_, i) => bucket.get(helloPartKey(i + 1))),
    );
    // A part missing or of another generation: stored over meanwhile, read again.
    for (const entry of [first, ...rest].filter(isPut)) {
      const added = assembly.add(entry.value);
      if (!added.ok) return { kind: 'refused', error: added.error };
      if (added.hello !== null) onHello(added.hello);
    }
    if (!assembly.isNewer(wanted)) return { kind: 'read' };
  }
  return closed()
    ? { kind: 'read' }
    : {
        kind: 'refused',
        error: `generation ${wanted} not whole after ${STORED_HELLO_TRIES} reads`,
      };
}
