/**
 * A NATS session's hello: its parts (protocol/nats-hello.ts) from the hello subject and from
 * the state bucket, put back together (./stored-hello.ts reads the bucket), each whole hello
 * newer than the last handed to the session. A refused part is reported and changes nothing,
 * so the desk keeps its instruments.
 */
import type { KV } from '@nats-io/kv';
import type { Msg } from '@nats-io/nats-core';
import { MAX_HELLO_PART_BYTES } from '../../../protocol/nats-hello';
import { HelloAssembly } from '../../../protocol/nats-hello-assembly';
import type { EngineSocket } from './engine-socket';
import { readStoredHello, type StoredHello } from './stored-hello';

/**
 * A hello whose parts are still missing this long after one came on the subject is read from
 * the bucket, which holds them all: parts lost on the way, or sent before the session
 * subscribed, ms.
 */
export const HELLO_PARTS_WAIT_MS = 1_000;

export class SessionHello {
  private readonly parts = new HelloAssembly();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly bucket: KV,
    private readonly engine: EngineSocket,
    /** Hears each whole hello, newest last. */
    private readonly onHello: (text: string) => void,
  ) {}

  /** The generation of the last hello handed on; 0 before the first. */
  get generation(): number {
    return this.parts.generation;
  }

  /** Reads the stored hello (and the parts of a newer one the subject brought some of). */
  readStored(): Promise<StoredHello> {
    return readStoredHello(this.bucket, this.parts, this.onHello, () => this.closed);
  }

  /** A part from the hello subject. */
  part(msg: Msg): void {
    if (this.engine.refusesSize(msg, MAX_HELLO_PART_BYTES)) return;
    const added = this.parts.add(msg.data);
    if (!added.ok)
      this.engine.report(
        'BAD_REQUEST',
        `NATS hello part on ${msg.subject} refused: ${added.error}`,
      );
    else if (added.hello !== null) this.onHello(added.hello);
    else this.timer ??= setTimeout(() => this.missing(), HELLO_PARTS_WAIT_MS);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private missing(): void {
    this.timer = null;
    if (this.closed || !this.parts.isNewer(this.parts.pendingGeneration)) return;
    this.readStored().then(
      (stored) => {
        if (stored.kind === 'refused')
          this.engine.report('BAD_REQUEST', `NATS stored hello refused: ${stored.error}`);
      },
      (err: Error) => this.engine.report('INTERNAL', `NATS stored hello: ${err.message}`),
    );
  }
}
