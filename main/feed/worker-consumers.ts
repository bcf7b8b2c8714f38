/**
 * The batch consumers of the engine in a worker, on the main thread's side: each numbered, its
 * handle's calls posted to the worker under its number, and the batches the worker builds for
 * it handed to its `send`. A restarted worker is told them again by their numbers.
 */
import type { Batch } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import type { BatchConsumer } from './batch-consumer';
import type { ToWorker } from './engine-worker-messages';

export class WorkerConsumers {
  private readonly sends = new Map<number, (batch: Batch) => void>();
  private next = 1;

  constructor(private readonly post: (message: ToWorker) => void) {}

  /** The numbers of the consumers attached (a restarted worker attaches them again). */
  numbers(): IterableIterator<number> {
    return this.sends.keys();
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    const consumer = this.next++;
    const post = this.post;
    this.sends.set(consumer, send);
    post({ op: 'attach', consumer });
    return {
      ack: (seq) => post({ op: 'ack', consumer, seq }),
      declareInterest: (interest: Interest) => post({ op: 'interest', consumer, interest }),
      detach: () => {
        if (this.sends.delete(consumer)) post({ op: 'detach', consumer });
      },
    };
  }

  /** Hands `batch` to its consumer, if it is still attached. */
  deliver(consumer: number, batch: Batch): void {
    this.sends.get(consumer)?.(batch);
  }
}
