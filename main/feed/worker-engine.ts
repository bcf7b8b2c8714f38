/**
 * The feed engine in a worker thread, behind the same {@link FeedEngine} API: sockets, decode,
 * fold, alerts and batch building run in main/feed/engine-worker.ts, so a busy feed never
 * stalls the main thread's event loop (in Electron the one that moves windows and answers
 * menus and IPC). The main thread forwards calls, hands batches to their consumers, and answers
 * the engine's synchronous getters by waiting, bounded, for the worker (they are rare: a
 * recording's start, the alerts panel). A crashed worker is restarted with what it was told,
 * and the batches say so. ARCHITECTURE.md, "The engine's thread".
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { AlertEvent, AlertRule, AlertRuleState } from '../../protocol/alerts';
import type { Batch, FeedSource, Health, RecordingStatus } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import type { FeedChoice } from '../../protocol/settings';
import type { PriceHistory, PriceHistoryRequest } from '../../protocol/price-history';
import type {
  BatchConsumer,
  ConnectionEvent,
  FeedEngine,
  FeedEngineOptions,
  RawFrameListener,
  ReplayView,
  StreamState,
} from './engine';
import { checkBatchHz } from './engine';
import type {
  EngineWorkerData,
  ForwardedCall,
  FromWorker,
  SyncAnswers,
  SyncQuery,
  ToWorker,
  WorkerEngineOptions,
} from './engine-worker-messages';

/** Longest the main thread waits for a synchronous getter's answer before giving up. */
export const SYNC_QUERY_TIMEOUT_MS = 2_000;
/** Longest `close()` waits for the worker to close its sockets before terminating it. */
export const CLOSE_TIMEOUT_MS = 5_000;
/** Crashes within {@link RESTART_WINDOW_MS} after which the worker is not restarted again. */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 60_000;

/** For tests: sees each worker as it starts (to crash it). */
export interface WorkerEngineHooks {
  readonly onWorker?: (worker: Worker) => void;
}

/**
 * How to start the worker: the built entry beside the main bundle, or, when running from source
 * (tests, tsx), {@link sourceBundle}.
 */
function workerScript(): string | URL {
  if (import.meta.url.endsWith('.ts')) return sourceBundle();
  // Bundled: out/main/engine-worker.js, beside the entry or one level above a shared chunk.
  for (const candidate of ['./engine-worker.js', '../engine-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`engine worker script not found beside ${import.meta.url}`);
}

let sourceBundlePath: string | null = null;

/**
 * From source, the worker's TypeScript bundled once per process with esbuild into one file in
 * node_modules/.cache (packages stay imports, found from there), as the built app loads one
 * file. The worker used to compile itself module by module through tsx's loader: 4–10 s a
 * worker on a loaded machine against about 1 s, which timed tests out. esbuild is loaded only
 * here (tsx's own compiler), so the built app never needs it.
 */
function sourceBundle(): string {
  if (sourceBundlePath !== null) return sourceBundlePath;
  const load = createRequire(import.meta.url);
  const esbuild = load('esbuild') as {
    buildSync(options: object): { outputFiles: { contents: Uint8Array }[] };
  };
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./engine-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = fileURLToPath(new URL('../../node_modules/.cache/tickdeck/', import.meta.url));
  const file = join(dir, `engine-worker-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside, then renamed: test processes running at once write the same bytes.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  sourceBundlePath = file;
  return file;
}

function workerOptions(options: FeedEngineOptions): WorkerEngineOptions {
  const { exchanges, backoff, ...rest } = options;
  const { random: _r, now: _n, ...numbers } = backoff ?? {};
  return { ...rest, exchanges: exchanges !== undefined, backoff: numbers };
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

/** What a restarted worker is told again, so it carries on where the crashed one stopped. */
interface Told {
  feed: string | null;
  /** The first source's name, given back after a restart (null: its kind's, as connect gives). */
  name: string | null;
  source: FeedSource | undefined;
  connected: boolean;
  batchHz: number;
  feedEndpoint: string | null | undefined;
  alertRules: readonly AlertRule[] | null;
  recording: RecordingStatus | null;
  replayView: ReplayView | null;
  /**
   * The sources beside the first (`start()`'s further feeds, then `addSource`), re-added in
   * order after a restart with the names they had, so a crash renames nothing.
   */
  added: (FeedChoice & { name: string | null })[];
  /** The open replay's feed (`openReplay`), reopened after a restart. */
  replay: { url: string; source: FeedSource } | null;
}

class WorkerEngine implements FeedEngine {
  private worker!: Worker;
  private syncPort!: MessagePort;
  private readonly syncFlag = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private readonly calls = new Map<number, Pending>();
  private readonly consumers = new Map<number, (batch: Batch) => void>();
  private nextConsumer = 1;
  private readonly frameListeners = new Set<RawFrameListener>();
  private readonly replayFrameListeners = new Set<(text: string, receivedAt: number) => void>();
  private readonly eventListeners = new Set<(event: ConnectionEvent) => void>();
  private readonly alertListeners = new Set<(event: AlertEvent) => void>();
  private readonly crashes: number[] = [];
  /** Shown as the health's `lastError` from a crash until the next connect or disconnect. */
  private crashNote: string | null = null;
  private lastHealth: Health | null = null;
  private closing = false;
  /** Set when the worker crashed too often to restart: why every call now fails at once. */
  private stopped: string | null = null;
  private readonly told: Told;

  constructor(
    private readonly options: FeedEngineOptions,
    private readonly hooks: WorkerEngineHooks,
  ) {
    this.told = {
      feed: options.feed,
      name: null,
      source: undefined,
      connected: false,
      batchHz: checkBatchHz(options.batchHz),
      feedEndpoint: options.feedEndpoint,
      alertRules: null,
      recording: null,
      replayView: null,
      added: [],
      replay: null,
    };
    this.spawn();
  }

  start(): Promise<void> {
    const [first, ...more] = this.options.feeds ?? [];
    // A restart connects the first and adds the rest, as start() does with several feeds.
    if (first !== undefined) {
      const added = more.map((choice) => ({ ...choice, name: null }));
      Object.assign(this.told, { feed: first.feed, feedEndpoint: first.endpoint, added });
    }
    this.told.connected = true;
    return this.call('start', []).finally(() => this.learnNames());
  }

  connect(feed: string | null, source?: FeedSource, name?: string): Promise<void> {
    Object.assign(this.told, { feed, source, name: name ?? null, connected: true, added: [] });
    if (this.stopped === null) this.crashNote = null;
    return this.call('connect', [feed, source, name]);
  }

  openReplay(url: string, source: FeedSource): Promise<void> {
    this.told.replay = { url, source };
    return this.call('openReplay', [url, source]);
  }

  closeReplay(): Promise<void> {
    this.told.replay = null;
    return this.call('closeReplay', []);
  }

  disconnect(): void {
    this.told.connected = false;
    if (this.stopped === null) this.crashNote = null;
    this.tell('disconnect', []);
  }

  setBatchHz(hz: number): void {
    this.told.batchHz = checkBatchHz(hz);
    this.tell('setBatchHz', [hz]);
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.told.feedEndpoint = endpoint;
    this.tell('setFeedEndpoint', [endpoint]);
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    const consumer = this.nextConsumer++;
    this.consumers.set(consumer, send);
    this.post({ op: 'attach', consumer });
    return {
      ack: (seq) => this.post({ op: 'ack', consumer, seq }),
      declareInterest: (interest: Interest) => this.post({ op: 'interest', consumer, interest }),
      detach: () => {
        if (this.consumers.delete(consumer)) this.post({ op: 'detach', consumer });
      },
    };
  }

  health(): Health {
    const health = this.query('health') ?? this.lastHealth;
    if (!health) throw new Error('the feed engine worker is not answering');
    return this.noted(health);
  }

  onRawFrame(listener: RawFrameListener): () => void {
    this.frameListeners.add(listener);
    if (this.frameListeners.size === 1) this.post({ op: 'frames', on: true });
    return () => {
      if (this.frameListeners.delete(listener) && this.frameListeners.size === 0)
        this.post({ op: 'frames', on: false });
    };
  }

  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void {
    this.replayFrameListeners.add(listener);
    if (this.replayFrameListeners.size === 1) this.post({ op: 'replayFrames', on: true });
    return () => {
      if (this.replayFrameListeners.delete(listener) && this.replayFrameListeners.size === 0)
        this.post({ op: 'replayFrames', on: false });
    };
  }

  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  streamState(source?: string): StreamState {
    const state = this.query('streamState', source === undefined ? [] : [source]);
    if (!state) throw new Error('the feed engine worker is not answering');
    return state;
  }

  sendReplayControl(request: Parameters<FeedEngine['sendReplayControl']>[0]): Promise<void> {
    return this.call('sendReplayControl', [request]);
  }

  setRecordingStatus(status: RecordingStatus): void {
    this.told.recording = status;
    this.tell('setRecordingStatus', [status]);
  }

  setReplayView(view: ReplayView | null): void {
    this.told.replayView = view;
    this.tell('setReplayView', [view]);
  }

  setAlertRules(rules: readonly AlertRule[]): void {
    this.told.alertRules = rules;
    this.tell('setAlertRules', [rules]);
  }

  onAlert(listener: (event: AlertEvent) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  alertStates(): Record<string, AlertRuleState> {
    return this.query('alertStates') ?? {};
  }

  async addSource(
    feed: string | null,
    endpoint: string | null = null,
    name?: string,
  ): Promise<string> {
    const given = await this.call<string>('addSource', [feed, endpoint, name]);
    this.told.added.push({ feed, endpoint, name: given });
    return given;
  }

  async removeSource(name: string): Promise<void> {
    // The engine's sources are the feeds told, in order; names come from the engine, as a
    // source keeps its name when an earlier one goes (no list of feeds gives them back).
    const index = this.sourceNames().indexOf(name);
    await this.call('removeSource', [name]);
    const told = this.told;
    if (index === 0) {
      const next = told.added.shift()!;
      Object.assign(told, {
        feed: next.feed,
        feedEndpoint: next.endpoint,
        name: next.name,
        source: undefined,
      });
    } else if (index > 0) told.added.splice(index - 1, 1);
  }

  sourceNames(): readonly string[] {
    const names = this.query('sourceNames');
    if (!names) throw new Error('the feed engine worker is not answering');
    return names;
  }

  priceHistory(request: PriceHistoryRequest): PriceHistory {
    const history = this.query('priceHistory', [request]);
    if (!history) throw new Error('the feed engine worker is not answering');
    return history;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const worker = this.worker;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
    await Promise.race([this.call('close', []).catch(() => undefined), timeout]);
    clearTimeout(timer);
    await worker.terminate();
    this.syncPort.close();
    this.frameListeners.clear();
    this.replayFrameListeners.clear();
    this.eventListeners.clear();
    this.alertListeners.clear();
  }

  private spawn(): void {
    const script = workerScript();
    const { port1, port2 } = new MessageChannel();
    const told = this.told;
    const data: EngineWorkerData = {
      options: {
        ...workerOptions(this.options),
        feed: told.feed,
        batchHz: told.batchHz,
        feedEndpoint: told.feedEndpoint,
      },
      syncPort: port2 as unknown as EngineWorkerData['syncPort'],
      syncFlag: this.syncFlag,
    };
    const worker = new Worker(script, { workerData: data, transferList: [port2] });
    this.worker = worker;
    this.syncPort = port1;
    let crashed = false;
    const crash = (reason: string) => {
      if (crashed || this.closing) return;
      crashed = true;
      this.onCrash(reason);
    };
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (err) => crash(err.message));
    worker.on('exit', (code) => crash(`exit code ${code}`));
    this.hooks.onWorker?.(worker);
  }

  /** Restarts a crashed worker and tells it again what the last one knew, within a bound. */
  private onCrash(reason: string): void {
    for (const pending of this.calls.values())
      pending.reject(new Error(`the feed engine stopped: ${reason}`));
    this.calls.clear();
    this.syncPort.close();
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
    const told = this.told;
    if (told.alertRules) this.tell('setAlertRules', [told.alertRules]);
    if (told.recording) this.tell('setRecordingStatus', [told.recording]);
    if (told.replayView) this.tell('setReplayView', [told.replayView]);
    if (this.frameListeners.size > 0) this.post({ op: 'frames', on: true });
    if (this.replayFrameListeners.size > 0) this.post({ op: 'replayFrames', on: true });
    for (const consumer of this.consumers.keys()) this.post({ op: 'attach', consumer });
    if (told.connected) this.tell('connect', [told.feed, told.source, told.name ?? undefined]);
    for (const { feed, endpoint, name } of told.added)
      this.tell('addSource', [feed, endpoint, name ?? undefined]);
    if (told.replay) this.tell('openReplay', [told.replay.url, told.replay.source]);
  }

  private receive(message: FromWorker): void {
    switch (message.op) {
      case 'reply': {
        const pending = this.calls.get(message.id);
        this.calls.delete(message.id);
        if (message.error === undefined) pending?.resolve(message.value);
        else pending?.reject(new Error(message.error));
        break;
      }
      case 'batch':
        this.lastHealth = message.batch.health;
        this.consumers.get(message.consumer)?.(
          this.crashNote ? this.notedBatch(message.batch) : message.batch,
        );
        break;
      case 'frame':
        for (const listener of this.frameListeners)
          listener(message.text, message.receivedAt, message.source);
        break;
      case 'replayFrame':
        for (const listener of this.replayFrameListeners)
          listener(message.text, message.receivedAt);
        break;
      case 'event':
        for (const listener of this.eventListeners) listener(message.event);
        break;
      case 'alert':
        for (const listener of this.alertListeners) listener(message.event);
        break;
    }
  }

  private notedBatch(batch: Batch): Batch {
    return { ...batch, health: this.noted(batch.health) };
  }

  /** The crash note shows where the page shows errors, unless the feed has its own. */
  private noted(health: Health): Health {
    if (this.crashNote === null || health.lastError !== null) return health;
    return { ...health, lastError: this.crashNote };
  }

  private post(message: ToWorker): void {
    if (!this.closing && this.stopped === null) this.worker.postMessage(message);
  }

  private call<T = void>(method: ForwardedCall, args: unknown[]): Promise<T> {
    if (this.stopped !== null) return Promise.reject(new Error(this.stopped));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ op: 'call', id, method, args } satisfies ToWorker);
    });
  }

  /** A call whose API returns nothing: its failure has nowhere to go but the log. */
  private tell(method: ForwardedCall, args: unknown[]): void {
    this.call(method, args).catch((err: unknown) =>
      console.error(`tickdeck: engine ${method}:`, err instanceof Error ? err.message : err),
    );
  }

  /** Asks the worker and waits for the answer, at most {@link SYNC_QUERY_TIMEOUT_MS}. */
  /** After `start()`: the names its sources got, to give them back after a restart. */
  private learnNames(): void {
    const names = this.query('sourceNames');
    const told = this.told;
    // A feed that failed to start was dropped: then which name is whose is not known.
    if (names?.length !== told.added.length + 1) return;
    told.name = names[0]!;
    told.added.forEach((added, i) => (added.name = names[i + 1]!));
  }

  private query<Q extends SyncQuery>(query: Q, args?: readonly unknown[]): SyncAnswers[Q] | null {
    if (this.closing || this.stopped !== null) return null;
    const id = this.nextId++;
    this.worker.postMessage({ op: 'query', id, query, args } satisfies ToWorker);
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

/** Creates an engine whose work runs in a worker thread; call `start()` to connect. */
export function createWorkerFeedEngine(
  options: FeedEngineOptions,
  hooks: WorkerEngineHooks = {},
): FeedEngine {
  return new WorkerEngine(options, hooks);
}
