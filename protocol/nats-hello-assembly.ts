/**
 * A desk's side of a hello in parts (./nats-hello.ts): the parts, from the subject and from
 * the bucket, put back together one generation at a time, the newest complete one given.
 */
import { decodeHelloPart } from './nats-hello';

/** Generations a desk holds while their parts arrive: the newest two (see {@link HelloAssembly}). */
export const HELD_HELLO_GENERATIONS = 2;

/** A generation whose parts are arriving. */
interface Pending {
  readonly parts: number;
  readonly bytes: number;
  readonly slices: (Uint8Array | undefined)[];
  received: number;
  receivedBytes: number;
}

/** What a part added: the whole hello when it completed the newest one, or a refusal. */
export type AddedHelloPart =
  | { readonly ok: true; readonly hello: string | null }
  | { readonly ok: false; readonly error: string };

/**
 * A desk's hello put back together from parts that come in any order, from the subject and
 * from the bucket, of any generations: each generation's parts are kept apart, and a hello is
 * given only when its generation completes and is newer than the last one given
 * ({@link isNewer}). Parts of older generations are ignored. At most {@link HELD_HELLO_GENERATIONS} incomplete ones are
 * held (a newer one drops the oldest), so memory stays within that many hellos of at most
 * `MAX_HELLO_BYTES` (16 MiB) each.
 */
export class HelloAssembly {
  private given = 0;
  private readonly pending = new Map<number, Pending>();

  /** The generation of the last hello given; 0 before the first. */
  get generation(): number {
    return this.given;
  }

  /**
   * Whether a hello of `generation` would replace the last one given. After 2^53 - 1, the
   * highest a desk takes, the relay starts again from 1 (relay/hello-publisher.ts), and so
   * does this: a desk that read a hello stored at 2^53 - 1 (a peer's forgery, before the relay
   * stored its own over it) took no later hello and stayed without instruments.
   */
  isNewer(generation: number): boolean {
    if (this.given === Number.MAX_SAFE_INTEGER)
      return generation > 0 && generation < Number.MAX_SAFE_INTEGER;
    return generation > this.given;
  }

  /** The newest generation with parts held but not yet complete; 0 for none. */
  get pendingGeneration(): number {
    return Math.max(0, ...this.pending.keys());
  }

  /** Bytes of incomplete generations held. */
  get heldBytes(): number {
    let sum = 0;
    for (const p of this.pending.values()) sum += p.receivedBytes;
    return sum;
  }

  /** Takes one part (untrusted, checked by `decodeHelloPart`); the caller keeps no view of it. */
  add(data: Uint8Array): AddedHelloPart {
    const decoded = decodeHelloPart(data);
    if (!decoded.ok) return decoded;
    const { generation, part, parts, bytes } = decoded.manifest;
    if (!this.isNewer(generation)) return { ok: true, hello: null };
    let pending = this.pending.get(generation);
    if (pending === undefined) {
      if (this.pending.size >= HELD_HELLO_GENERATIONS) {
        const oldest = Math.min(...this.pending.keys());
        if (generation < oldest) return { ok: true, hello: null };
        this.pending.delete(oldest);
      }
      pending = { parts, bytes, slices: new Array(parts), received: 0, receivedBytes: 0 };
      this.pending.set(generation, pending);
    }
    const refuse = (error: string): AddedHelloPart => {
      this.pending.delete(generation);
      return { ok: false, error: `${error} (generation ${generation} dropped)` };
    };
    if (parts !== pending.parts)
      return refuse(`parts: ${parts}, where an earlier part said ${pending.parts}`);
    if (bytes !== pending.bytes)
      return refuse(`bytes: ${bytes}, where an earlier part said ${pending.bytes}`);
    if (pending.slices[part] !== undefined) return { ok: true, hello: null }; // read twice
    if (pending.receivedBytes + decoded.slice.length > bytes)
      return refuse(`bytes: the parts hold more than ${bytes}`);
    // A copy: a NATS message's data is a view of the client's read buffer, reused.
    pending.slices[part] = new Uint8Array(decoded.slice);
    pending.received++;
    pending.receivedBytes += decoded.slice.length;
    if (pending.received < parts) return { ok: true, hello: null };
    if (pending.receivedBytes !== bytes)
      return refuse(`bytes: the parts hold ${pending.receivedBytes}, not ${bytes}`);
    const whole = new Uint8Array(bytes);
    let at = 0;
    for (const slice of pending.slices) {
      whole.set(slice!, at);
      at += slice!.length;
    }
    this.given = generation;
    for (const g of [...this.pending.keys()]) if (g <= generation) this.pending.delete(g);
    return { ok: true, hello: new TextDecoder().decode(whole) };
  }
}
