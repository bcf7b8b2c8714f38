/**
 * The feed engine: feed connections (one or several sources at once, see ./sources.ts and
 * ./source-session.ts) folded into state, served as batches to any number of
 * consumers (Electron windows, browser-mode pages, tests). Electron-free by design. See
 * ARCHITECTURE.md, "Data path".
 */
import type { AlertEvent, AlertRule, AlertRuleState } from '../../protocol/alerts';
import type { Batch } from '../../protocol/batch';
import type { FeedSource, Health, RecordingStatus } from '../../protocol/health';
import { AlertEvaluator } from '../alerts/index';
import { Batcher } from './batcher';
import type { BatchConsumer } from './batch-consumer';
import type { SeekBars } from './bar-rebuild';
import type { ReplayControlArgs } from './feed-protocol';
import { MergedState } from './merged-state';
import { Metrics } from './metrics';
import { startBatchClock, type BatchClock } from './batch-clock';
import { priceHistory } from './price-history';
import type { PriceHistory, PriceHistoryRequest } from '../../protocol/price-history';
import { EngineStatus } from './engine-health';
import { EngineListeners } from './engine-listeners';
import { engineSession } from './engine-sessions';
import { mergedParts, streamStateOf } from './source-reads';
import { Sources } from './sources';
import {
  checkBatchHz,
  type AlertStatesListener,
  type ConnectionEvent,
  type FeedEngine,
  type FeedEngineOptions,
  type RawFrameListener,
  type ReplayView,
  type StreamState,
} from './engine-api';

class Engine implements FeedEngine {
  private readonly metrics = new Metrics();
  private readonly merged = new MergedState();
  // A replay's ticks carry recorded times: their age is not latency, so it is not sampled.
  private readonly batcher = new Batcher(this.merged, (ms, id) => {
    if (!this.sources.isReplayed(id)) this.metrics.addLatency(ms);
  });
  private readonly alerts = new AlertEvaluator();
  private readonly listeners = new EngineListeners();
  private readonly sources: Sources;
  private readonly status = new EngineStatus();
  private batchClock: BatchClock;

  constructor(private readonly options: FeedEngineOptions) {
    const { alerts, merged, listeners } = this;
    const hearers = { alerts, merged, listeners, sources: () => this.sources };
    this.sources = new Sources(
      {
        session: (name, endpoint, replay) =>
          engineSession(name, endpoint, replay, options, this.metrics, hearers),
        changed: () => this.sourcesChanged(),
        removed: (name) => this.listeners.event({ type: 'removed', source: name, at: Date.now() }),
      },
      options.feedEndpoint ?? null,
    );
    this.sourcesChanged();
    this.batchClock = this.scheduleBatches(checkBatchHz(options.batchHz));
  }

  start(): Promise<void> {
    return this.sources.start(this.options.feeds ?? [], this.options.feed);
  }

  connect(feed: string | null, source?: FeedSource, name?: string): Promise<void> {
    return this.sources.connect(feed, source, name);
  }

  addSource(feed: string | null, endpoint?: string | null, name?: string): Promise<string> {
    return this.sources.add(feed, endpoint, name);
  }

  openReplay(url: string, source: FeedSource): Promise<void> {
    return this.sources.openReplay(url, source);
  }

  closeReplay(): Promise<void> {
    return this.sources.closeReplay();
  }

  removeSource(name: string): Promise<void> {
    return this.sources.remove(name);
  }

  sourceNames(): readonly string[] {
    return this.sources.names();
  }

  disconnect(): void {
    this.sources.disconnect();
  }

  setBatchHz(hz: number): void {
    const checked = checkBatchHz(hz);
    this.batchClock.stop();
    this.batchClock = this.scheduleBatches(checked);
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.sources.setFeedEndpoint(endpoint);
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    return this.batcher.attach(send);
  }

  health(): Health {
    const { sources, metrics } = this;
    return this.status.health(sources.shown(), sources.replay, metrics.snapshot(), Date.now());
  }

  onRawFrame(listener: RawFrameListener): () => void {
    return this.listeners.onRawFrame(listener);
  }

  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    return this.listeners.onConnectionEvent(listener);
  }

  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void {
    return this.listeners.onReplayFrame(listener);
  }

  streamState(source?: string): StreamState {
    return streamStateOf(this.sources.recordable(), source);
  }

  sendReplayControl(request: ReplayControlArgs, bars?: SeekBars): Promise<void> {
    return this.sources.sendReplayControl(request, bars);
  }

  setRecordingStatus(status: RecordingStatus): void {
    this.status.setRecording(status);
  }

  setReplayView(view: ReplayView | null): void {
    this.status.setReplayView(view);
  }

  setAlertRules(rules: readonly AlertRule[]): void {
    this.alerts.setRules(rules);
  }

  priceHistory(request: PriceHistoryRequest): PriceHistory {
    return priceHistory(this.merged.markets.get(request.id), request);
  }

  onAlert(listener: (event: AlertEvent) => void): () => void {
    return this.alerts.onAlert(listener);
  }

  alertStates(): Record<string, AlertRuleState> {
    return this.alerts.allStates(this.merged);
  }

  onAlertStates(listener: AlertStatesListener): () => void {
    return this.listeners.onAlertStates(listener);
  }

  async close(): Promise<void> {
    this.batchClock.stop();
    this.metrics.close();
    this.listeners.clear();
    await this.sources.close();
  }

  /** The batcher's view and the health follow the set of sources and their names. */
  private sourcesChanged(): void {
    this.merged.setParts(mergedParts(this.sources.shown(), this.sources.replay));
    this.status.sourcesChanged();
  }

  private scheduleBatches(hz: number): BatchClock {
    return startBatchClock(1_000 / hz, () => this.flush());
  }

  private flush(): void {
    this.alerts.feed.sweep();
    const states = this.alerts.changedStates(this.merged);
    if (states !== null) this.listeners.alertStates(states);
    let health: Health | undefined;
    const shown = this.sources.shown();
    const healthVersion = this.status.versionWith(shown);
    const sent = this.batcher.flush(Date.now(), () => (health ??= this.health()), healthVersion);
    this.metrics.addBatches(sent);
    for (const session of shown) session.ingest.batchesSent(sent);
  }
}

/** Creates an engine; call `start()` to connect. */
export function createFeedEngine(options: FeedEngineOptions): FeedEngine {
  return new Engine(options);
}
