/**
 * The batch consumers of the engine in a worker, on the main thread's side: each numbered, its
 * handle's calls posted to the worker under its number, and the batches the worker builds for
 * it handed to its `send`. A restarted worker is told them again by their numbers, each with
 * the last interest it declared: a page declares only when what it shows changes, so without
 * it a restarted worker sent every row and stopped the selected instrument's book and tape.
 */
import type { Batch } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import type { BatchConsumer } from './batch-consumer';
import type { ToWorker } from './engine-worker-messages';

/** An attached consumer as a restarted worker is told it. */
export interface AttachedConsumer {
  readonly consumer: number;
  /** The last interest it declared; null while it has declared none (it gets everything). */
  readonly interest: Interest | null;
}

interface Attached {
  readonly send: (batch: Batch) => void;
  interest: Interest | null;
}

export class WorkerConsumers {
  private readonly attached = new Map<number, Attached>();
  private next = 1;

  constructor(private readonly post: (message: ToWorker) => void) {}

  /** The consumers attached, in the order they were (a restarted worker attaches them again). */
  *list(): IterableIterator<AttachedConsumer> {
    for (const [consumer, { interest }] of this.attached) yield { consumer, interest };
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    const consumer = this.next++;
    const post = this.post;
    const attached: Attached = { send, interest: null };
    this.attached.set(consumer, attached);
    post({ op: 'attach', consumer });
    return {
      ack: (seq) => post({ op: 'ack', consumer, seq }),
      declareInterest: (interest: Interest) => {
        attached.interest = interest;
        post({ op: 'interest', consumer, interest });
      },
      detach: () => {
        if (this.attached.delete(consumer)) post({ op: 'detach', consumer });
      },
    };
  }

  /** Hands `batch` to its consumer, if it is still attached. */
  deliver(consumer: number, batch: Batch): void {
    this.attached.get(consumer)?.send(batch);
  }
}
