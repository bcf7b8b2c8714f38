/**
 * Keeps the engine's worker running: starts it, restarts it when it crashes (telling the new
 * one what the last one was told), at most {@link MAX_RESTARTS} times in
 * {@link RESTART_WINDOW_MS}, and says so in the health it hands on. Calls go through here so
 * that once the worker is stopped or closing they fail at once instead of waiting on nothing.
 */
import type { Worker } from 'node:worker_threads';
import type { Batch } from '../../protocol/batch';
import type { Health } from '../../protocol/health';
import type { FeedEngineOptions } from './engine-api';
import type {
  ForwardedCall,
  FromWorker,
  SyncAnswers,
  SyncQuery,
  ToWorker,
  WorkerEngineOptions,
} from './engine-worker-messages';
import { retell, type Listening, type Told } from './worker-engine-told';
import { WorkerLink } from './worker-link';
import { workerScript } from './worker-script';

/** Longest `close()` waits for the worker to close its sockets before terminating it. */
export const CLOSE_TIMEOUT_MS = 5_000;
/** Crashes within {@link RESTART_WINDOW_MS} after which the worker is not restarted again. */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 60_000;

/** For tests and benches. */
export interface WorkerEngineHooks {
  /** Sees each worker as it starts (to crash it). */
  readonly onWorker?: (worker: Worker) => void;
  /**
   * From source only: the worker's entry instead of main/feed/engine-worker.ts (a bench's, which
   * serves the engine as that one does and measures inside the worker).
   */
  readonly entry?: URL;
}

function workerOptions(options: FeedEngineOptions): WorkerEngineOptions {
  const { exchanges, backoff, ...rest } = options;
  const { random: _r, now: _n, ...numbers } = backoff ?? {};
  return { ...rest, exchanges: exchanges !== undefined, backoff: numbers };
}

export class WorkerKeeper {
  private link!: WorkerLink;
  private readonly syncFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly crashes: number[] = [];
  /** Shown as the health's `lastError` from a crash until the next connect or disconnect. */
  private crashNote: string | null = null;
  /** Set when the worker crashed too often to restart: why every call now fails at once. */
  private stopped: string | null = null;
  private closing = false;
  /** The health of the last batch, answered when the worker cannot be asked. */
  lastHealth: Health | null = null;

  constructor(
    private readonly options: FeedEngineOptions,
    private readonly hooks: WorkerEngineHooks,
    private readonly told: Told,
    /** Every message but replies, which settle calls here. */
    private readonly receive: (message: Exclude<FromWorker, { op: 'reply' }>) => void,
    private readonly listening: () => Listening,
  ) {
    this.spawn();
  }

  /** A batch from the worker as its consumer gets it: its health kept, and noted. */
  received(batch: Batch): Batch {
    this.lastHealth = batch.health;
    return this.crashNote === null ? batch : { ...batch, health: this.noted(batch.health) };
  }

  /** A connect or disconnect clears the note of a crash the worker came back from. */
  clearNote(): void {
    if (this.stopped === null) this.crashNote = null;
  }

  /** The crash note shows where the page shows errors, unless the feed has its own. */
  noted(health: Health): Health {
    if (this.crashNote === null || health.lastError !== null) return health;
    return { ...health, lastError: this.crashNote };
  }

  post(message: ToWorker): void {
    if (!this.closing && this.stopped === null) this.link.post(message);
  }

  call<T = void>(method: ForwardedCall, args: unknown[]): Promise<T> {
    if (this.stopped !== null) return Promise.reject(new Error(this.stopped));
    return this.link.call<T>(method, args);
  }

  /** A call whose API returns nothing: its failure has nowhere to go but the log. */
  tell(method: ForwardedCall, args: unknown[]): void {
    this.call(method, args).catch((err: unknown) =>
      console.error(`tickdeck: engine ${method}:`, err instanceof Error ? err.message : err),
    );
  }

  query<Q extends SyncQuery>(query: Q, args?: readonly unknown[]): SyncAnswers[Q] | null {
    if (this.closing || this.stopped !== null) return null;
    return this.link.query(query, args);
  }

  /** Asks the worker to close its sockets, waits a bounded time, then ends it. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const link = this.link;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
    await Promise.race([this.call('close', []).catch(() => undefined), timeout]);
    clearTimeout(timer);
    await link.worker.terminate();
    link.closePort();
  }

  private spawn(): void {
    const told = this.told;
    const options = {
      ...workerOptions(this.options),
      feed: told.feed,
      batchHz: told.batchHz,
      feedEndpoint: told.feedEndpoint,
    };
    const link = new WorkerLink(workerScript(this.hooks.entry), options, this.syncFlag);
    this.link = link;
    let crashed = false;
    const crash = (reason: string) => {
      if (crashed || this.closing) return;
      crashed = true;
      this.onCrash(reason);
    };
    link.worker.on('message', (message: FromWorker) => {
      if (message.op === 'reply') link.settle(message);
      else this.receive(message);
    });
    link.worker.on('error', (err) => crash(err.message));
    link.worker.on('exit', (code) => crash(`exit code ${code}`));
    this.hooks.onWorker?.(link.worker);
  }

  /** Restarts a crashed worker and tells it again what the last one knew, within a bound. */
  private onCrash(reason: string): void {
    this.link.drop(reason);
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes[0]! < now - RESTART_WINDOW_MS) this.crashes.shift();
    const at = new Date(now).toLocaleTimeString();
    if (this.crashes.length > MAX_RESTARTS) {
      this.crashNote = `The feed engine stopped ${this.crashes.length} times within a minute (${reason}); not restarted. Restart the app.`;
      this.stopped = this.crashNote;
      if (this.lastHealth) {
        const health = this.noted(this.lastHealth);
        this.lastHealth = { ...health, connection: { state: 'failed', reason: this.crashNote } };
      }
      console.error(`tickdeck: ${this.crashNote}`);
      return;
    }
    this.crashNote = `The feed engine stopped (${reason}) and was restarted at ${at}.`;
    console.error(`tickdeck: ${this.crashNote}`);
    this.spawn();
    retell(this.told, this, this.listening());
  }
}
