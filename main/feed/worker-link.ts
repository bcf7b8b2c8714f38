/**
 * The main thread's end of one engine worker: starts it, posts to it, matches replies to calls,
 * and answers the engine's synchronous getters by waiting, bounded, for the worker on a second
 * port. One link per worker; a crashed worker's link fails its calls and is dropped.
 */
import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type {
  EngineWorkerData,
  ForwardedCall,
  FromWorker,
  SyncAnswers,
  SyncQuery,
  ToWorker,
} from './engine-worker-messages';

/** Longest the main thread waits for a synchronous getter's answer before giving up. */
export const SYNC_QUERY_TIMEOUT_MS = 2_000;

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

/** Ids rise across links (a query's answer is matched by id on the flag shared by them). */
let nextId = 1;

export class WorkerLink {
  readonly worker: Worker;
  private readonly syncPort: MessagePort;
  private readonly calls = new Map<number, Pending>();

  constructor(
    script: string | URL,
    options: EngineWorkerData['options'],
    private readonly syncFlag: Int32Array,
  ) {
    const { port1, port2 } = new MessageChannel();
    const data: EngineWorkerData = {
      options,
      syncPort: port2 as unknown as EngineWorkerData['syncPort'],
      syncFlag,
    };
    this.worker = new Worker(script, { workerData: data, transferList: [port2] });
    this.syncPort = port1;
  }

  post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  call<T = void>(method: ForwardedCall, args: unknown[]): Promise<T> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ op: 'call', id, method, args });
    });
  }

  /** Settles the call a reply answers. */
  settle(reply: Extract<FromWorker, { op: 'reply' }>): void {
    const pending = this.calls.get(reply.id);
    this.calls.delete(reply.id);
    if (reply.error === undefined) pending?.resolve(reply.value);
    else pending?.reject(new Error(reply.error));
  }

  /** The worker crashed: fails every call still waiting and closes the sync port. */
  drop(reason: string): void {
    for (const pending of this.calls.values())
      pending.reject(new Error(`the feed engine stopped: ${reason}`));
    this.calls.clear();
    this.closePort();
  }

  closePort(): void {
    this.syncPort.close();
  }

  /** Asks the worker and waits for the answer, at most {@link SYNC_QUERY_TIMEOUT_MS}; null if none. */
  query<Q extends SyncQuery>(query: Q, args?: readonly unknown[]): SyncAnswers[Q] | null {
    const id = nextId++;
    this.post({ op: 'query', id, query, args });
    const deadline = Date.now() + SYNC_QUERY_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.syncFlag, 0);
      if (seen === id) break;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      Atomics.wait(this.syncFlag, 0, seen, left);
    }
    // Answers to earlier queries that timed out may still sit on the port: skip them.
    for (;;) {
      const got = receiveMessageOnPort(this.syncPort) as
        { message: { id: number; value: SyncAnswers[Q] } } | undefined;
      if (!got) return null;
      if (got.message.id === id) return got.message.value;
    }
  }
}
