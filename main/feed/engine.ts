/**
 * The feed engine: feed connections (one or several sources at once, see ./source-session.ts)
 * folded into state, served as batches to any number of
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
import type { HelloMessage, SnapshotMessage } from '../../protocol/feed';
import type { FeedChoice } from '../../protocol/settings';
import { MAX_SOURCES, sourceNamesFor } from '../../protocol/source-names';
import { BATCH_HZ_MAX, BATCH_HZ_MIN } from '../../protocol/ipc';
import type { SimulatorOptions } from '../../feed-simulator/index';
import { AlertEvaluator } from '../alerts/index';
import type { BackoffOptions } from './backoff';
import type { BatchConsumer } from './batcher';
import { Batcher } from './batcher';
import type { ExchangeProtocolFactory, ReplayControlArgs } from './feed-protocol';
import { MergedState } from './merged-state';
import { Metrics } from './metrics';
import { priceHistory } from './price-history';
import type { PriceHistory, PriceHistoryRequest } from '../../protocol/price-history';
import { SourceSession } from './source-session';

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
  /**
   * Several sources at once, each with its own endpoint override; when given, `start()`
   * connects these instead of `feed` and `feedEndpoint`.
   */
  feeds?: readonly FeedChoice[];
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
  /**
   * Switches to this one source (any others close); `source` overrides the label shown (e.g. a
   * replay). Rejects a bad feed.
   */
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
  /**
   * Adds a source beside the others (its own connection, state, health and reconnect loop);
   * resolves to its name, the prefix of its instruments' ids. Rejects a bad feed, or more
   * than `MAX_SOURCES`.
   */
  addSource(feed: string | null, endpoint?: string | null): Promise<string>;
  /** Closes and forgets the source of that name; rejects for an unknown or the only source. */
  removeSource(name: string): Promise<void>;
  /** The sources' names, in the order they were added. */
  sourceNames(): readonly string[];
}

/** `hz` if it is a valid batch rate, else a RangeError naming the bounds. */
export function checkBatchHz(hz: number): number {
  if (!Number.isInteger(hz) || hz < BATCH_HZ_MIN || hz > BATCH_HZ_MAX)
    throw new RangeError(`batchHz must be a whole number from ${BATCH_HZ_MIN} to ${BATCH_HZ_MAX}`);
  return hz;
}

/** Worst first: the main badge shows the worst source's state. */
const STATE_RANK: Record<ConnectionState['state'], number> = {
  failed: 5,
  closed: 4,
  reconnecting: 3,
  stalled: 2,
  connecting: 1,
  live: 0,
};

class Engine implements FeedEngine {
  private readonly metrics = new Metrics();
  private readonly merged = new MergedState();
  // A replay's ticks carry recorded times: their age is not latency, so it is not sampled.
  private readonly batcher = new Batcher(this.merged, (ms) => {
    if (this.primary.ingest.replay === null) this.metrics.addLatency(ms);
  });
  private readonly alerts = new AlertEvaluator();
  private readonly frameListeners = new Set<(text: string, receivedAt: number) => void>();
  private readonly eventListeners = new Set<(event: ConnectionEvent) => void>();
  /** In the order added; the first is the one `connect()` switches and a replay runs in. */
  private sessions: SourceSession[];
  private recording = NO_RECORDING;
  private replayView: ReplayView | null = null;
  /** Rises on engine-level health changes (recording, replay view, the set of sources). */
  private healthVersion = 0;
  private batchTimer: NodeJS.Timeout;

  constructor(private readonly options: FeedEngineOptions) {
    this.sessions = [this.newSession('sim', options.feedEndpoint ?? null)];
    this.sourcesChanged();
    this.batchTimer = this.scheduleBatches(checkBatchHz(options.batchHz));
  }

  private get primary(): SourceSession {
    return this.sessions[0]!;
  }

  async start(): Promise<void> {
    const [first, ...more] = this.options.feeds ?? [];
    if (first === undefined) return this.connect(this.options.feed);
    this.primary.setFeedEndpoint(first.endpoint);
    const results = await Promise.allSettled([
      this.connect(first.feed),
      ...more.map((choice) => this.addSource(choice.feed, choice.endpoint)),
    ]);
    const failed = results.flatMap((result, i) =>
      result.status === 'rejected'
        ? [`${[first, ...more][i]!.feed ?? 'sim'}: ${(result.reason as Error).message}`]
        : [],
    );
    if (failed.length > 0) throw new Error(failed.join('; '));
  }

  async connect(feed: string | null, source?: FeedSource): Promise<void> {
    // One source again: the others go (a replay, or the picker's "replace").
    const extra = this.sessions.slice(1);
    if (extra.length > 0) {
      this.sessions = [this.primary];
      this.sourcesChanged();
      await Promise.all(extra.map((session) => session.disconnect()));
    }
    const connecting = this.primary.connect(feed, source);
    this.renameSessions();
    await connecting;
  }

  async addSource(feed: string | null, endpoint: string | null = null): Promise<string> {
    if (this.sessions.length >= MAX_SOURCES)
      throw new Error(`at most ${MAX_SOURCES} sources at once; remove one first`);
    const session = this.newSession('', endpoint);
    this.sessions = [...this.sessions, session];
    const connecting = session.connect(feed);
    this.renameSessions();
    try {
      await connecting;
    } catch (err) {
      await this.dropSession(session);
      throw err;
    }
    return session.name;
  }

  async removeSource(name: string): Promise<void> {
    const session = this.sessions.find((s) => s.name === name);
    if (session === undefined) throw new Error(`no source named "${name}"`);
    if (this.sessions.length === 1)
      throw new Error(`"${name}" is the only source; connect another feed instead`);
    await this.dropSession(session);
  }

  sourceNames(): readonly string[] {
    return this.sessions.map((s) => s.name);
  }

  disconnect(): void {
    for (const session of this.sessions) void session.disconnect();
  }

  setBatchHz(hz: number): void {
    const checked = checkBatchHz(hz);
    clearInterval(this.batchTimer);
    this.batchTimer = this.scheduleBatches(checked);
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.primary.setFeedEndpoint(endpoint);
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    return this.batcher.attach(send);
  }

  health(): Health {
    const now = Date.now();
    const m = this.metrics.snapshot();
    const primary = this.primary;
    const replay = primary.ingest.replay;
    const base: Health = {
      ...primary.ingest.figures(now),
      connection: primary.connection,
      connectionSince: primary.connectionSince,
      source: primary.source,
      ticksPerSec: m.ticksPerSec,
      batchesPerSec: m.batchesPerSec,
      reconnects: primary.reconnects,
      latencyP50Ms: m.latencyP50Ms,
      latencyP99Ms: m.latencyP99Ms,
      eventLoopLagP99Ms: m.eventLoopLagP99Ms,
      recording: this.recording,
      replay: replay && {
        ...replay,
        path: primary.source.label,
        rangeFrom: replay.start,
        rangeTo: replay.end,
        ...this.replayView,
      },
    };
    if (this.sessions.length === 1) return base;
    return { ...base, ...summarise(this.sessions, now) };
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
    return { hello: this.primary.hello, snapshots: this.primary.ingest.state.snapshots() };
  }

  sendReplayControl(request: ReplayControlArgs): Promise<void> {
    const { client, ingest, requests } = this.primary;
    const session = client?.activeConnection;
    if (!client || !session) return Promise.reject(new Error('not connected to a feed'));
    if (ingest.replay === null || !session.replayControl)
      return Promise.reject(new Error('the current feed is not a replay'));
    const id = client.nextRequestId();
    const reply = requests.wait(id);
    client.send(session.replayControl(request, id));
    return reply;
  }

  setRecordingStatus(status: RecordingStatus): void {
    this.recording = status;
    this.healthVersion++;
  }

  setReplayView(view: ReplayView | null): void {
    this.replayView = view;
    this.healthVersion++;
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
    return this.alerts.states((id) => this.merged.has(id));
  }

  async close(): Promise<void> {
    clearInterval(this.batchTimer);
    const sessions = this.sessions;
    this.metrics.close();
    this.frameListeners.clear();
    this.eventListeners.clear();
    await Promise.all(sessions.map((session) => session.disconnect()));
  }

  private newSession(name: string, endpoint: string | null): SourceSession {
    const { simulator, exchanges, backoff, resyncTimeoutMs } = this.options;
    return new SourceSession(
      name,
      { feedEndpoint: endpoint, simulator, exchanges, backoff, resyncTimeoutMs },
      this.metrics,
      {
        tick: (tick, replay) => this.alerts.onTick(tick, replay, this.merged.epoch),
        feedState: (state) => this.alerts.onFeedState(state),
        gaps: (instruments, at) => {
          this.alerts.onGap();
          for (const instrument of instruments) this.emit({ type: 'gap', instrument, at });
        },
        // Recordings and the replay controller hear the first source only: a recording of
        // several sources is not built (the host refuses it), and a replay is always first.
        frame: (session, text, receivedAt) => {
          if (session !== this.primary) return;
          for (const listener of this.frameListeners) listener(text, receivedAt);
        },
        connected: (session) => {
          if (session === this.primary) this.emit({ type: 'connected', at: Date.now() });
        },
        disconnected: (session) => {
          if (session === this.primary) this.emit({ type: 'disconnected', at: Date.now() });
        },
      },
    );
  }

  private async dropSession(session: SourceSession): Promise<void> {
    this.sessions = this.sessions.filter((s) => s !== session);
    this.renameSessions();
    await session.disconnect();
  }

  /**
   * Names every source by the rule of protocol/source-names.ts and qualifies ids only while
   * there is more than one.
   */
  private renameSessions(): void {
    const names = sourceNamesFor(this.sessions.map((s) => s.feed));
    const qualified = this.sessions.length > 1;
    this.sessions.forEach((s, i) => {
      s.name = names[i]!;
      s.qualified = qualified;
    });
    this.sourcesChanged();
  }

  /** The batcher's view and the health follow the set of sources and their names. */
  private sourcesChanged(): void {
    this.merged.setParts(
      this.sessions.map((s) => ({ prefix: s.qualified ? s.name : null, state: s.ingest.state })),
    );
    this.healthVersion++;
  }

  private scheduleBatches(hz: number): NodeJS.Timeout {
    return setInterval(() => this.flush(), 1_000 / hz);
  }

  private flush(): void {
    this.alerts.sweep();
    let health: Health | undefined;
    let healthVersion = this.healthVersion;
    for (const session of this.sessions) healthVersion += session.ingest.healthVersion;
    const sent = this.batcher.flush(Date.now(), () => (health ??= this.health()), healthVersion);
    for (const session of this.sessions) session.ingest.batchesSent(sent);
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }
}

/** The health fields that summarise several sources: the worst state, summed counts. */
function summarise(sessions: readonly SourceSession[], now: number): Partial<Health> {
  const sources = sessions.map((s) => s.health(now));
  const worst = sources.reduce((a, b) =>
    STATE_RANK[b.connection.state] > STATE_RANK[a.connection.state] ? b : a,
  );
  const ages = sources.flatMap((s) => (s.lastTickAgeMs === null ? [] : [s.lastTickAgeMs]));
  const dataAts = sources.flatMap((s) => (s.lastDataAt === null ? [] : [s.lastDataAt]));
  const errors = sources.flatMap((s) =>
    s.lastError === null ? [] : [`${s.name}: ${s.lastError}`],
  );
  let gaps = 0;
  let reconnects = 0;
  let ticksTotal = 0;
  for (const s of sources) {
    gaps += s.gaps;
    reconnects += s.reconnects;
    ticksTotal += s.ticksTotal;
  }
  return {
    connection: worst.connection,
    connectionSince: worst.connectionSince,
    source: { kind: worst.source.kind, label: sources.map((s) => s.name).join(' + ') },
    gaps,
    reconnects,
    ticksTotal,
    lastTickAgeMs: ages.length === 0 ? null : Math.min(...ages),
    lastDataAt: dataAts.length === 0 ? null : Math.max(...dataAts),
    lastError: errors[0] ?? null,
    sources,
  };
}

/** Creates an engine; call `start()` to connect. */
export function createFeedEngine(options: FeedEngineOptions): FeedEngine {
  return new Engine(options);
}
