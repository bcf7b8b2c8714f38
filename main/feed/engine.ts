/**
 * The feed engine: one feed connection folded into state, served as batches to any number of
 * consumers (Electron windows, browser-mode pages, tests). Electron-free by design. See
 * ARCHITECTURE.md, "Data path".
 */
import type {
  Batch,
  ConnectionState,
  FeedSource,
  Health,
  RecordingStatus,
  ReplayStatus,
} from '../../protocol/batch';
import type { ReplayInfo, ServerMessage } from '../../protocol/feed';
import { parseFeedTarget } from '../../protocol/feed-target';
import { BATCH_HZ_MAX, BATCH_HZ_MIN } from '../../protocol/ipc';
import type { RunningSimulator, SimulatorOptions } from '../../feed-simulator/index';
import { startSimulator } from '../../feed-simulator/index';
import type { BackoffOptions } from './backoff';
import { Backoff } from './backoff';
import type { BatchConsumer } from './batcher';
import { Batcher } from './batcher';
import { FeedClient } from './feed-client';
import type { ExchangeProtocolFactory, FeedProtocol, ReplayControlArgs } from './feed-protocol';
import { FeedState } from './feed-state';
import { Metrics } from './metrics';
import { PendingRequests } from './pending-requests';
import { tickdeckProtocol } from './tickdeck-protocol';

export type { BatchConsumer } from './batcher';

/** Longest error text carried to the health bar, chars. */
const MAX_ERROR_CHARS = 300;

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
}

/** A connection milestone, for recording markers. */
export interface ConnectionEvent {
  readonly type: 'connected' | 'disconnected' | 'gap';
  readonly instrument?: string;
  readonly at: number;
}

export interface FeedEngine {
  /** Connects to `options.feed`. */
  start(): Promise<void>;
  /** Switches source; `source` overrides the label shown (e.g. a replay). Rejects a bad feed. */
  connect(feed: string | null, source?: FeedSource): Promise<void>;
  /** Closes the connection; state 'closed'. */
  disconnect(): void;
  setBatchHz(hz: number): void;
  /** Every consumer is independent; its first batch has `reset: true` and the instruments. */
  attach(send: (batch: Batch) => void): BatchConsumer;
  health(): Health;
  /** Every frame exactly as received, for recording. */
  onRawFrame(listener: (text: string, receivedAt: number) => void): () => void;
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void;
  /** Rejects with the server's error message, or when the feed is not a replay. */
  sendReplayControl(request: ReplayControlArgs): Promise<void>;
  setRecordingStatus(status: RecordingStatus): void;
  /** Closes sockets and the embedded simulator. */
  close(): Promise<void>;
}

function checkBatchHz(hz: number): number {
  if (!Number.isInteger(hz) || hz < BATCH_HZ_MIN || hz > BATCH_HZ_MAX)
    throw new RangeError(`batchHz must be a whole number from ${BATCH_HZ_MIN} to ${BATCH_HZ_MAX}`);
  return hz;
}

class Engine implements FeedEngine {
  private readonly state = new FeedState();
  private readonly metrics = new Metrics();
  private readonly batcher = new Batcher(this.state, (ms) => this.metrics.addLatency(ms));
  private readonly requests = new PendingRequests();
  private readonly frameListeners = new Set<(text: string, receivedAt: number) => void>();
  private readonly eventListeners = new Set<(event: ConnectionEvent) => void>();
  private client: FeedClient | null = null;
  private simulator: Promise<RunningSimulator> | null = null;
  private generation = 0;
  private connection: ConnectionState = { state: 'closed' };
  private source: FeedSource = { kind: 'none', label: 'Not connected' };
  private replay: ReplayInfo | null = null;
  private recording = NO_RECORDING;
  private lastError: string | null = null;
  private lastTickAt: number | null = null;
  private ticksTotal = 0;
  private gaps = 0;
  private resyncs = 0;
  private reconnects = 0;
  private malformed = 0;
  private conflatedFrames = 0;
  private dataFramesSinceBatch = 0;
  /** Rises when health changed in a way consumers must see at once (see Batcher.flush). */
  private healthVersion = 0;
  private batchTimer: NodeJS.Timeout;

  constructor(private readonly options: FeedEngineOptions) {
    this.batchTimer = this.scheduleBatches(checkBatchHz(options.batchHz));
  }

  start(): Promise<void> {
    return this.connect(this.options.feed);
  }

  async connect(feed: string | null, source?: FeedSource): Promise<void> {
    const generation = ++this.generation;
    const protocol = await this.protocolFor(feed, source);
    if (generation !== this.generation) return; // a later connect() won
    this.dropClient('switched source');
    this.state.clear();
    this.replay = null;
    this.lastError = null;
    this.source = protocol.source;
    const client = new FeedClient(protocol, this.clientHandlers(), {
      resumePoints: () => this.state.sequence.resumePoints(),
      backoff: new Backoff(this.options.backoff),
    });
    this.client = client;
    client.start();
  }

  disconnect(): void {
    this.generation++;
    this.dropClient('disconnected');
    void this.stopSimulator();
  }

  setBatchHz(hz: number): void {
    clearInterval(this.batchTimer);
    this.batchTimer = this.scheduleBatches(checkBatchHz(hz));
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    return this.batcher.attach(send);
  }

  health(): Health {
    const m = this.metrics.snapshot();
    const replay: ReplayStatus | null = this.replay && {
      ...this.replay,
      path: this.source.label,
      rangeFrom: this.replay.start,
      rangeTo: this.replay.end,
    };
    return {
      connection: this.connection,
      source: this.source,
      ticksPerSec: m.ticksPerSec,
      batchesPerSec: m.batchesPerSec,
      ticksTotal: this.ticksTotal,
      conflatedTicks: this.state.conflatedTicks,
      conflatedFrames: this.conflatedFrames,
      gaps: this.gaps,
      resyncs: this.resyncs,
      reconnects: this.reconnects,
      malformed: this.malformed,
      // Local receive time, not the feed's clock: a replay or a skewed server stays truthful.
      lastTickAgeMs: this.lastTickAt === null ? null : Date.now() - this.lastTickAt,
      latencyP50Ms: m.latencyP50Ms,
      latencyP99Ms: m.latencyP99Ms,
      eventLoopLagP99Ms: m.eventLoopLagP99Ms,
      lastError: this.lastError,
      recording: this.recording,
      replay,
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

  sendReplayControl(request: ReplayControlArgs): Promise<void> {
    const session = this.client?.activeSession;
    if (!this.client || !session) return Promise.reject(new Error('not connected to a feed'));
    if (this.replay === null || !session.replayControl)
      return Promise.reject(new Error('the current feed is not a replay'));
    const id = this.client.nextRequestId();
    const reply = this.requests.wait(id);
    this.client.send(session.replayControl(request, id));
    return reply;
  }

  setRecordingStatus(status: RecordingStatus): void {
    this.recording = status;
    this.healthVersion++;
  }

  async close(): Promise<void> {
    this.generation++;
    clearInterval(this.batchTimer);
    this.dropClient('engine closed');
    this.metrics.close();
    this.frameListeners.clear();
    this.eventListeners.clear();
    await this.stopSimulator();
  }

  private async protocolFor(feed: string | null, source?: FeedSource): Promise<FeedProtocol> {
    const parsed = parseFeedTarget(feed);
    if (!parsed.ok) throw new Error(parsed.error);
    const target = parsed.target;
    switch (target.kind) {
      case 'tickdeck':
        await this.stopSimulator();
        return tickdeckProtocol(target.url, source ?? { kind: 'url', label: target.url });
      case 'exchange': {
        if (!this.options.exchanges)
          throw new Error(`exchange feeds (${target.exchange}) are not available in this build`);
        const protocol = this.options.exchanges(target, this.options.feedEndpoint ?? null);
        await this.stopSimulator();
        return source ? { ...protocol, source } : protocol;
      }
      case 'embedded': {
        const starting = (this.simulator ??= startSimulator({
          ...this.options.simulator,
          port: 0,
        }));
        const simulator = await starting.catch((err: Error) => {
          if (this.simulator === starting) this.simulator = null; // let the next connect retry
          throw new Error(`the embedded simulator did not start: ${err.message}`);
        });
        return tickdeckProtocol(
          simulator.url,
          source ?? { kind: 'embedded', label: 'Embedded simulator' },
        );
      }
    }
  }

  private async stopSimulator(): Promise<void> {
    const simulator = this.simulator;
    this.simulator = null;
    // One that failed to start has nothing to close; its error went to connect().
    const running = await simulator?.catch(() => null);
    await running?.close();
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
    let health: Health | undefined;
    const sent = this.batcher.flush(
      Date.now(),
      () => (health ??= this.health()),
      this.healthVersion,
    );
    for (let i = 0; i < sent; i++) this.metrics.addBatch();
    if (sent > 0) {
      // Frames folded into a batch beyond the first are conflated: the consumer never saw them alone.
      this.conflatedFrames += Math.max(0, this.dataFramesSinceBatch - 1);
      this.dataFramesSinceBatch = 0;
    }
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }

  private setError(message: string): void {
    this.healthVersion++;
    this.lastError =
      message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message;
  }

  private clientHandlers() {
    return {
      state: (state: ConnectionState) => {
        this.connection = state;
        this.healthVersion++;
        if (state.state === 'reconnecting') this.reconnects++;
        if (state.state === 'failed') this.setError(state.reason);
      },
      frame: (text: string, receivedAt: number) => {
        for (const listener of this.frameListeners) listener(text, receivedAt);
      },
      messages: (messages: readonly ServerMessage[], receivedAt: number) => {
        for (const message of messages) this.fold(message, receivedAt);
      },
      malformed: (error: string) => {
        this.malformed++;
        this.setError(`malformed frame skipped: ${error}`);
      },
      connected: () => this.emit({ type: 'connected', at: Date.now() }),
      disconnected: (reason: string) => {
        this.requests.failAll(`connection lost: ${reason}`);
        this.emit({ type: 'disconnected', at: Date.now() });
      },
    };
  }

  private fold(message: ServerMessage, receivedAt: number): void {
    switch (message.op) {
      case 'ticks': {
        const gapped: string[] = [];
        this.ticksTotal += message.ticks.length;
        this.metrics.addTicks(message.ticks.length);
        if (this.state.applyTicks(message.ticks, (id) => gapped.push(id)) > 0)
          this.lastTickAt = receivedAt;
        this.dataFramesSinceBatch++;
        if (gapped.length > 0) this.onGaps(gapped, receivedAt);
        break;
      }
      case 'snapshot':
        if (this.state.sequence.pending.has(message.instrument)) this.resyncs++;
        this.state.applySnapshot(message);
        this.dataFramesSinceBatch++;
        break;
      case 'hello':
        this.state.setInstruments(message.instruments);
        this.replay = message.replay ?? null;
        this.healthVersion++;
        break;
      case 'replay':
        this.replay = message.state;
        this.healthVersion++;
        if (message.seeked) this.state.clearHistory();
        break;
      case 'status':
        if (!this.requests.settle(message) && !message.ok)
          this.setError(`${message.error.code}: ${message.error.message}`);
        break;
      case 'heartbeat':
        break;
    }
  }

  private onGaps(instruments: readonly string[], at: number): void {
    this.gaps += instruments.length;
    for (const instrument of instruments) this.emit({ type: 'gap', instrument, at });
    this.client?.resync(instruments);
  }
}

/** Creates an engine; call `start()` to connect. */
export function createFeedEngine(options: FeedEngineOptions): FeedEngine {
  return new Engine(options);
}
