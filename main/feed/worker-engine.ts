/**
 * The feed engine in a worker thread, behind the same {@link FeedEngine} API: sockets, decode,
 * fold, alerts and batch building run in main/feed/engine-worker.ts, so a busy feed never stalls
 * the main thread's loop (in Electron the one that moves windows and answers menus and IPC).
 * This side forwards calls and hands batches on (worker-consumers.ts); the worker's keeping
 * (start, crash, restart) is worker-keeper.ts, its wire worker-link.ts. ARCHITECTURE.md, "The engine's thread".
 */
import type { AlertEvent, AlertRule, AlertRuleState } from '../../protocol/alerts';
import type { Batch } from '../../protocol/batch';
import type { FeedSource, Health, RecordingStatus } from '../../protocol/health';
import type { PriceHistory, PriceHistoryRequest } from '../../protocol/price-history';
import type {
  AlertStatesListener,
  ConnectionEvent,
  FeedEngine,
  FeedEngineOptions,
  RawFrameListener,
  ReplayView,
  StreamState,
} from './engine-api';
import type { BatchConsumer } from './batch-consumer';
import { checkBatchHz } from './engine-api';
import type { FromWorker } from './engine-worker-messages';
import { WorkerConsumers } from './worker-consumers';
import { toldAtStart, toldNames, toldRemoved, toldStart, type Told } from './worker-engine-told';
import { WorkerKeeper, type WorkerEngineHooks } from './worker-keeper';
import { WorkerListeners } from './worker-listeners';

/** A getter's answer, or the error that the worker gave none in time. */
function answered<T>(value: T | null): T {
  if (value === null) throw new Error('the feed engine worker is not answering');
  return value;
}

class WorkerEngine implements FeedEngine {
  private readonly keeper: WorkerKeeper;
  private readonly told: Told;
  private readonly consumers = new WorkerConsumers((message) => this.keeper.post(message));
  private readonly listeners = new WorkerListeners((message) => this.keeper.post(message));

  constructor(
    private readonly options: FeedEngineOptions,
    hooks: WorkerEngineHooks,
  ) {
    this.told = toldAtStart(options);
    this.keeper = new WorkerKeeper(
      options,
      hooks,
      this.told,
      (message) => this.receive(message),
      () => ({
        frames: this.listeners.wantsFrames,
        replayFrames: this.listeners.wantsReplayFrames,
        consumers: this.consumers.list(),
      }),
    );
  }

  start(): Promise<void> {
    toldStart(this.told, this.options.feeds);
    return this.keeper
      .call('start', [])
      .finally(() => toldNames(this.told, this.keeper.query('sourceNames')));
  }

  connect(feed: string | null, source?: FeedSource, name?: string): Promise<void> {
    Object.assign(this.told, { feed, source, name: name ?? null, connected: true, added: [] });
    this.keeper.clearNote();
    return this.keeper.call('connect', [feed, source, name]);
  }

  openReplay(url: string, source: FeedSource): Promise<void> {
    this.told.replay = { url, source };
    return this.keeper.call('openReplay', [url, source]);
  }

  closeReplay(): Promise<void> {
    this.told.replay = null;
    return this.keeper.call('closeReplay', []);
  }

  disconnect(): void {
    this.told.connected = false;
    this.keeper.clearNote();
    this.keeper.tell('disconnect', []);
  }

  setBatchHz(hz: number): void {
    this.told.batchHz = checkBatchHz(hz);
    this.keeper.tell('setBatchHz', [hz]);
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.told.feedEndpoint = endpoint;
    this.keeper.tell('setFeedEndpoint', [endpoint]);
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    return this.consumers.attach(send);
  }

  health(): Health {
    return this.keeper.noted(answered(this.keeper.query('health') ?? this.keeper.lastHealth));
  }

  onRawFrame(listener: RawFrameListener): () => void {
    return this.listeners.onRawFrame(listener);
  }

  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void {
    return this.listeners.onReplayFrame(listener);
  }

  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    return this.listeners.onConnectionEvent(listener);
  }

  streamState(source?: string): StreamState {
    return answered(this.keeper.query('streamState', source === undefined ? [] : [source]));
  }

  sendReplayControl(
    ...[request, bars]: Parameters<FeedEngine['sendReplayControl']>
  ): Promise<void> {
    return this.keeper.call('sendReplayControl', bars ? [request, bars] : [request]);
  }

  setRecordingStatus(status: RecordingStatus): void {
    this.told.recording = status;
    this.keeper.tell('setRecordingStatus', [status]);
  }

  setReplayView(view: ReplayView | null): void {
    this.told.replayView = view;
    this.keeper.tell('setReplayView', [view]);
  }

  setAlertRules(rules: readonly AlertRule[]): void {
    this.told.alertRules = rules;
    this.keeper.tell('setAlertRules', [rules]);
  }

  onAlert(listener: (event: AlertEvent) => void): () => void {
    return this.listeners.onAlert(listener);
  }

  alertStates(): Record<string, AlertRuleState> {
    const read = this.keeper.query('alertStates');
    if (read === null) return {};
    this.listeners.readStates(read.thread, read.posted);
    return read.states;
  }

  onAlertStates(listener: AlertStatesListener): () => void {
    return this.listeners.onAlertStates(listener);
  }

  async addSource(
    feed: string | null,
    endpoint: string | null = null,
    name?: string,
  ): Promise<string> {
    const given = await this.keeper.call<string>('addSource', [feed, endpoint, name]);
    this.told.added.push({ feed, endpoint, name: given });
    return given;
  }

  async removeSource(name: string): Promise<void> {
    const index = this.sourceNames().indexOf(name);
    await this.keeper.call('removeSource', [name]);
    toldRemoved(this.told, index);
  }

  sourceNames(): readonly string[] {
    return answered(this.keeper.query('sourceNames'));
  }

  priceHistory(request: PriceHistoryRequest): PriceHistory {
    return answered(this.keeper.query('priceHistory', [request]));
  }

  async close(): Promise<void> {
    await this.keeper.close();
    this.listeners.clear();
  }

  private receive(message: Exclude<FromWorker, { op: 'reply' }>): void {
    if (message.op !== 'batch') return this.listeners.deliver(message);
    this.consumers.deliver(message.consumer, this.keeper.received(message.batch));
  }
}

/** Creates an engine whose work runs in a worker thread; call `start()` to connect. */
export function createWorkerFeedEngine(
  options: FeedEngineOptions,
  hooks: WorkerEngineHooks = {},
): FeedEngine {
  return new WorkerEngine(options, hooks);
}
