/**
 * The feed engine: one feed connection folded into state, served as batches to any number of
 * consumers (Electron windows, browser-mode pages, tests). Electron-free by design. See
 * ARCHITECTURE.md, "Data path".
 */
import type { AlertEvent, AlertRule, AlertRuleState } from '../../protocol/alerts';
import type {
  Batch,
  ConnectionState,
  FeedSource,
  Health,
  RecordingStatus,
  ReplayStatus,
} from '../../protocol/batch';
import type { HelloMessage, ServerMessage, SnapshotMessage } from '../../protocol/feed';
import { BATCH_HZ_MAX, BATCH_HZ_MIN } from '../../protocol/ipc';
import type { SimulatorOptions } from '../../feed-simulator/index';
import { AlertEvaluator } from '../alerts/index';
import type { BackoffOptions } from './backoff';
import { Backoff } from './backoff';
import type { BatchConsumer } from './batcher';
import { Batcher } from './batcher';
import { FeedClient } from './feed-client';
import type { FeedClientHandlers } from './feed-client';
import type { ExchangeProtocolFactory, ReplayControlArgs } from './feed-protocol';
import { Ingest } from './ingest';
import { Metrics } from './metrics';
import { PendingRequests } from './pending-requests';
import { priceHistory } from './price-history';
import type { PriceHistory, PriceHistoryRequest } from '../../protocol/price-history';
import { SourceResolver } from './source-resolver';

export type { BatchConsumer } from './batcher';

const NO_RECORDING: RecordingStatus = {
  active: false,
  dir: null,
  startedAt: null,
  bytes: 0,
  messages: 0,
};

export interface FeedEngineOptions {
  /** `Settings.feed` grammar; null = embedded simulator (started on port 0, then connected). */
  feed: string | null;
  /** Overrides an exchange feed's default endpoint. */
  feedEndpoint?: string | null;
  /** Batches per second per consumer, {@link BATCH_HZ_MIN}..{@link BATCH_HZ_MAX}. */
  batchHz: number;
  /** Options for the embedded simulator (tests pass a seed and a rate). */
  simulator?: SimulatorOptions;
  /** Builds exchange dialects; without it, exchange feeds are refused with a clear error. */
  exchanges?: ExchangeProtocolFactory;
  /** Reconnect schedule (tests inject `random` and shorter delays). */
  backoff?: BackoffOptions;
  /** Overrides the feed client's `RESYNC_TIMEOUT_MS` (tests). */
  resyncTimeoutMs?: number;
}

/** Replay settings kept by the replay controller rather than the replay server. */
export type ReplayView = Pick<ReplayStatus, 'path' | 'rangeFrom' | 'rangeTo' | 'loop'>;

/** A connection milestone, for recording markers. */
export interface ConnectionEvent {
  readonly type: 'connected' | 'disconnected' | 'gap';
  readonly instrument?: string;
  readonly at: number;
}

/**
 * The stream as a fresh connection would open it, from the engine's own state: the current
 * source's last hello and a snapshot per instrument whose whole state is known.
 */
export interface StreamState {
  readonly hello: HelloMessage | null;
  readonly snapshots: readonly SnapshotMessage[];
}

export interface FeedEngine {
  /** Connects to `options.feed`. */
  start(): Promise<void>;
  /** Switches source; `source` overrides the label shown (e.g. a replay). Rejects a bad feed. */
  connect(feed: string | null, source?: FeedSource): Promise<void>;
  /** Closes the connection; state 'closed'. */
  disconnect(): void;
  setBatchHz(hz: number): void;
  /** Overrides the exchange feeds' default endpoint (null: their defaults) from the next connect. */
  setFeedEndpoint(endpoint: string | null): void;
  /** Every consumer is independent; its first batch has `reset: true` and the instruments. */
  attach(send: (batch: Batch) => void): BatchConsumer;
  health(): Health;
  /** Every frame exactly as received, for recording. */
  onRawFrame(listener: (text: string, receivedAt: number) => void): () => void;
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void;
  /** What a recording started now opens with (see {@link StreamState}). */
  streamState(): StreamState;
  /** Rejects with the server's error message, or when the feed is not a replay. */
  sendReplayControl(request: ReplayControlArgs): Promise<void>;
  setRecordingStatus(status: RecordingStatus): void;
  /**
   * What the replay controller adds to the server's replay state (the folder, the from/to
   * range, loop), shown in `health.replay`; null when no replay controller is in charge.
   */
  setReplayView(view: ReplayView | null): void;
  /** Closes sockets and the embedded simulator. */
  close(): Promise<void>;
  /** The alert rules evaluated on every folded tick and on the feed's state. */
  setAlertRules(rules: readonly AlertRule[]): void;
  /** Price points the engine's ring holds in a range, thinned to the count asked for. */
  priceHistory(request: PriceHistoryRequest): PriceHistory;
  onAlert(listener: (event: AlertEvent) => void): () => void;
  /** Each rule's state by id (pending: the current feed does not have its instrument). */
  alertStates(): Record<string, AlertRuleState>;
}

/** `hz` if it is a valid batch rate, else a RangeError naming the bounds. */
export function checkBatchHz(hz: number): number {
  if (!Number.isInteger(hz) || hz < BATCH_HZ_MIN || hz > BATCH_HZ_MAX)
    throw new RangeError(`batchHz must be a whole number from ${BATCH_HZ_MIN} to ${BATCH_HZ_MAX}`);
  return hz;
}

class Engine implements FeedEngine {
  private readonly metrics = new Metrics();
  private readonly requests = new PendingRequests();
  private readonly ingest = new Ingest(this.metrics, this.requests, (ids, at) =>
    this.onGaps(ids, at),
  );
  // A replay's ticks carry recorded times: their age is not latency, so it is not sampled.
  private readonly batcher = new Batcher(this.ingest.state, (ms) => {
    if (this.ingest.replay === null) this.metrics.addLatency(ms);
  });
  private readonly alerts = new AlertEvaluator();
  private readonly sources: SourceResolver;
  private readonly frameListeners = new Set<(text: string, receivedAt: number) => void>();
  private readonly eventListeners = new Set<(event: ConnectionEvent) => void>();
  private client: FeedClient | null = null;
  /** Rises with every connect() or disconnect(), so a slow connect() cannot win over a later one. */
  private generation = 0;
  private connection: ConnectionState = { state: 'closed' };
  private connectionSince = Date.now();
  private source: FeedSource = { kind: 'none', label: 'Not connected' };
  private hello: HelloMessage | null = null;
  private recording = NO_RECORDING;
  private replayView: ReplayView | null = null;
  private reconnects = 0;
  private batchTimer: NodeJS.Timeout;

  constructor(private readonly options: FeedEngineOptions) {
    this.sources = new SourceResolver(options);
    const state = this.ingest.state;
    state.onTickFolded = (tick) =>
      this.alerts.onTick(tick, this.ingest.replay !== null, state.epoch);
    this.batchTimer = this.scheduleBatches(checkBatchHz(options.batchHz));
  }

  start(): Promise<void> {
    return this.connect(this.options.feed);
  }

  async connect(feed: string | null, source?: FeedSource): Promise<void> {
    const generation = ++this.generation;
    const protocol = await this.sources.resolve(feed, source);
    if (generation !== this.generation) return;
    this.dropClient('switched source');
    this.ingest.restart();
    this.hello = null;
    this.source = protocol.source;
    const client = new FeedClient(protocol, this.clientHandlers(), {
      resumePoints: () => this.ingest.state.sequence.resumePoints(),
      backoff: new Backoff(this.options.backoff),
      resyncTimeoutMs: this.options.resyncTimeoutMs,
    });
    this.client = client;
    client.start();
  }

  disconnect(): void {
    this.generation++;
    this.dropClient('disconnected');
    void this.sources.stopSimulator();
  }

  setBatchHz(hz: number): void {
    const checked = checkBatchHz(hz);
    clearInterval(this.batchTimer);
    this.batchTimer = this.scheduleBatches(checked);
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.sources.setFeedEndpoint(endpoint);
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    return this.batcher.attach(send);
  }

  health(): Health {
    const m = this.metrics.snapshot();
    const replay = this.ingest.replay;
    return {
      ...this.ingest.figures(Date.now()),
      connection: this.connection,
      connectionSince: this.connectionSince,
      source: this.source,
      ticksPerSec: m.ticksPerSec,
      batchesPerSec: m.batchesPerSec,
      reconnects: this.reconnects,
      latencyP50Ms: m.latencyP50Ms,
      latencyP99Ms: m.latencyP99Ms,
      eventLoopLagP99Ms: m.eventLoopLagP99Ms,
      recording: this.recording,
      replay: replay && {
        ...replay,
        path: this.source.label,
        rangeFrom: replay.start,
        rangeTo: replay.end,
        ...this.replayView,
      },
    };
  }

  onRawFrame(listener: (text: string, receivedAt: number) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  streamState(): StreamState {
    return { hello: this.hello, snapshots: this.ingest.state.snapshots() };
  }

  sendReplayControl(request: ReplayControlArgs): Promise<void> {
    const session = this.client?.activeSession;
    if (!this.client || !session) return Promise.reject(new Error('not connected to a feed'));
    if (this.ingest.replay === null || !session.replayControl)
      return Promise.reject(new Error('the current feed is not a replay'));
    const id = this.client.nextRequestId();
    const reply = this.requests.wait(id);
    this.client.send(session.replayControl(request, id));
    return reply;
  }

  setRecordingStatus(status: RecordingStatus): void {
    this.recording = status;
    this.ingest.healthVersion++;
  }

  setReplayView(view: ReplayView | null): void {
    this.replayView = view;
    this.ingest.healthVersion++;
  }

  setAlertRules(rules: readonly AlertRule[]): void {
    this.alerts.setRules(rules);
  }

  priceHistory(request: PriceHistoryRequest): PriceHistory {
    return priceHistory(this.ingest.state.markets.get(request.id), request);
  }

  onAlert(listener: (event: AlertEvent) => void): () => void {
    return this.alerts.onAlert(listener);
  }

  alertStates(): Record<string, AlertRuleState> {
    return this.alerts.states((id) => this.ingest.state.has(id));
  }

  async close(): Promise<void> {
    this.generation++;
    clearInterval(this.batchTimer);
    this.dropClient('engine closed');
    this.metrics.close();
    this.frameListeners.clear();
    this.eventListeners.clear();
    await this.sources.stopSimulator();
  }

  private dropClient(reason: string): void {
    this.client?.close();
    this.client = null;
    this.requests.failAll(`connection closed: ${reason}`);
  }

  private scheduleBatches(hz: number): NodeJS.Timeout {
    return setInterval(() => this.flush(), 1_000 / hz);
  }

  private flush(): void {
    this.alerts.sweep();
    let health: Health | undefined;
    const sent = this.batcher.flush(
      Date.now(),
      () => (health ??= this.health()),
      this.ingest.healthVersion,
    );
    this.ingest.batchesSent(sent);
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }

  private clientHandlers(): FeedClientHandlers {
    return {
      state: (state) => {
        if ((state.state === 'live') !== (this.connection.state === 'live'))
          this.connectionSince = Date.now();
        this.connection = state;
        this.alerts.onFeedState(state.state);
        this.ingest.healthVersion++;
        if (state.state === 'reconnecting') this.reconnects++;
        if (state.state === 'failed') this.ingest.setError(state.reason);
      },
      frame: (text, receivedAt) => {
        for (const listener of this.frameListeners) listener(text, receivedAt);
      },
      messages: (messages: readonly ServerMessage[], receivedAt) => {
        for (const message of messages) {
          if (message.op === 'hello') this.hello = message;
          this.ingest.fold(message, receivedAt);
        }
      },
      lost: (instruments, receivedAt) => this.ingest.lost(instruments, receivedAt),
      malformed: (error) => this.ingest.malformedFrame(error),
      problem: (message) => this.ingest.setError(message),
      connected: () => this.emit({ type: 'connected', at: Date.now() }),
      disconnected: (reason) => {
        this.requests.failAll(`connection lost: ${reason}`);
        this.emit({ type: 'disconnected', at: Date.now() });
      },
    };
  }

  private onGaps(instruments: readonly string[], at: number): void {
    this.alerts.onGap();
    for (const instrument of instruments) this.emit({ type: 'gap', instrument, at });
    this.client?.resync(instruments);
  }
}

/** Creates an engine; call `start()` to connect. */
export function createFeedEngine(options: FeedEngineOptions): FeedEngine {
  return new Engine(options);
}
