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
  SourceHealth,
} from '../../protocol/batch';
import type { HelloMessage, SnapshotMessage } from '../../protocol/feed';
import type { FeedChoice } from '../../protocol/settings';
import {
  MAX_SOURCES,
  REPLAY_SOURCE_NAME,
  checkSourceName,
  nextSourceName,
} from '../../protocol/source-names';
import { BATCH_HZ_MAX, BATCH_HZ_MIN } from '../../protocol/ipc';
import type { SimulatorOptions } from '../../feed-simulator/index';
import { AlertEvaluator } from '../alerts/index';
import type { BackoffOptions } from './backoff';
import type { BatchConsumer } from './batcher';
import { Batcher } from './batcher';
import type { ExchangeProtocolFactory, ReplayControlArgs } from './feed-protocol';
import { MergedState } from './merged-state';
import { Metrics } from './metrics';
import { startBatchClock, type BatchClock } from './batch-clock';
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

/**
 * A connection milestone of one recordable source, for recording markers; `removed`: the source
 * left the engine (removed, dropped by `connect`, or renamed by it), so a recording ends its
 * stream there, even when a source is added again under the same name a moment later.
 */
export interface ConnectionEvent {
  readonly type: 'connected' | 'disconnected' | 'gap' | 'removed';
  /** The source's name (see {@link FeedEngine.sourceNames}; `replay` for a lone replay). */
  readonly source: string;
  readonly instrument?: string;
  readonly at: number;
  /** Why a `disconnected` source's connection ended, as its health showed it. */
  readonly reason?: string;
}

/** Hears one frame exactly as received, and the name of the source it came from. */
export type RawFrameListener = (text: string, receivedAt: number, source: string) => void;

/**
 * The stream as a fresh connection would open it, from the engine's own state: one source's
 * last hello and a snapshot per instrument whose whole state is known.
 */
export interface StreamState {
  /** The source it is of: the one asked for, or the first recordable one. */
  readonly source: string;
  readonly hello: HelloMessage | null;
  readonly snapshots: readonly SnapshotMessage[];
}

export interface FeedEngine {
  /** Connects to `options.feed`. */
  start(): Promise<void>;
  /**
   * Switches to this one live source (any other live ones close; an open replay stays);
   * `source` overrides the label shown; `name` is the name it gets when valid (a restarted
   * engine worker gives its sources back their names), else its kind's. Rejects a bad feed.
   */
  connect(feed: string | null, source?: FeedSource, name?: string): Promise<void>;
  /**
   * Opens a replay server's feed as the source `replay`, beside the live sources, which keep
   * running (or alone, when none was started); a replay already open switches to `url`. Its
   * instruments are `replay:<id>` beside live sources, so theirs keep their names and history.
   */
  openReplay(url: string, source: FeedSource): Promise<void>;
  /** Closes the replay source and forgets its instruments; the live sources are untouched. */
  closeReplay(): Promise<void>;
  /** Closes the live connections; state 'closed'. */
  disconnect(): void;
  setBatchHz(hz: number): void;
  /** Overrides the exchange feeds' default endpoint (null: their defaults) from the next connect. */
  setFeedEndpoint(endpoint: string | null): void;
  /** Every consumer is independent; its first batch has `reset: true` and the instruments. */
  attach(send: (batch: Batch) => void): BatchConsumer;
  health(): Health;
  /**
   * Every frame of every recordable source exactly as received, with the source's name, for
   * recording: the live sources (a replay beside them is not recorded), or the replay when it
   * runs alone.
   */
  onRawFrame(listener: RawFrameListener): () => void;
  /** Every frame of the replay source, for the replay controller. */
  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void;
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void;
  /**
   * What a recording of source `source` started now opens with (see {@link StreamState});
   * without a name, of the first recordable source. An unknown name has no hello and no
   * snapshots.
   */
  streamState(source?: string): StreamState;
  /** Rejects with the server's error message, or when no replay is open. */
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
   * resolves to its name, the prefix of its instruments' ids: `name` when it is valid and free
   * (a restarted engine worker gives its sources back their names), else the first free one of
   * its kind. Rejects a bad feed, or more than `MAX_SOURCES`.
   */
  addSource(feed: string | null, endpoint?: string | null, name?: string): Promise<string>;
  /** Closes and forgets the source of that name; rejects for an unknown or the only source. */
  removeSource(name: string): Promise<void>;
  /** The live sources' names, in the order they were added (an open replay is not one). */
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
  private readonly batcher = new Batcher(this.merged, (ms, id) => {
    if (!this.isReplayed(id)) this.metrics.addLatency(ms);
  });
  private readonly alerts = new AlertEvaluator();
  private readonly frameListeners = new Set<RawFrameListener>();
  private readonly replayFrameListeners = new Set<(text: string, receivedAt: number) => void>();
  private readonly eventListeners = new Set<(event: ConnectionEvent) => void>();
  /** The live sources in the order added; the first is the one `connect()` switches. */
  private sessions: SourceSession[];
  /** The open replay's source, beside the live ones (or alone: see {@link live}). */
  private replay: SourceSession | null = null;
  /**
   * True once live sources were started or connected. Until then (the app started with
   * `--replay`) a replay is shown alone, unprefixed, as the one source.
   */
  private live = false;
  private recording = NO_RECORDING;
  private replayView: ReplayView | null = null;
  /** Rises on engine-level health changes (recording, replay view, the set of sources). */
  private healthVersion = 0;
  private batchClock: BatchClock;

  constructor(private readonly options: FeedEngineOptions) {
    this.sessions = [this.newSession('sim', options.feedEndpoint ?? null)];
    this.sourcesChanged();
    this.batchClock = this.scheduleBatches(checkBatchHz(options.batchHz));
  }

  private get primary(): SourceSession {
    return this.sessions[0]!;
  }

  async start(): Promise<void> {
    this.live = true;
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

  async connect(feed: string | null, source?: FeedSource, name?: string): Promise<void> {
    this.live = true;
    // One live source again: the others go (the picker's "replace"); a replay stays.
    const extra = this.sessions.slice(1);
    if (extra.length > 0) {
      this.sessions = [this.primary];
      this.sourcesChanged();
      await Promise.all(extra.map((session) => session.disconnect()));
      for (const session of extra) this.removed(session.name);
    }
    // The one live source now: it is named afresh after its new feed. Under a new name, the
    // old one has left (a source that keeps its name and changes feed is told by `connected`).
    const was = this.primary.name;
    this.primary.name = freeName(name, []) ?? nextSourceName(feed, []);
    if (this.primary.name !== was) this.removed(was);
    const connecting = this.primary.connect(feed, source);
    this.requalify();
    await connecting;
  }

  async addSource(
    feed: string | null,
    endpoint: string | null = null,
    name?: string,
  ): Promise<string> {
    if (this.sessions.length >= MAX_SOURCES)
      throw new Error(`at most ${MAX_SOURCES} sources at once; remove one first`);
    // Named once, beside the sources there are: another's removal never renames it.
    const taken = this.sourceNames();
    const session = this.newSession(freeName(name, taken) ?? nextSourceName(feed, taken), endpoint);
    this.sessions = [...this.sessions, session];
    const connecting = session.connect(feed);
    this.requalify();
    try {
      await connecting;
    } catch (err) {
      await this.dropSession(session);
      throw err;
    }
    return session.name;
  }

  async openReplay(url: string, source: FeedSource): Promise<void> {
    this.replay ??= this.newSession(REPLAY_SOURCE_NAME, null, true);
    const connecting = this.replay.connect(url, source);
    this.requalify();
    await connecting;
  }

  async closeReplay(): Promise<void> {
    const session = this.replay;
    if (session === null) return;
    this.replay = null;
    this.requalify();
    await session.disconnect();
  }

  async removeSource(name: string): Promise<void> {
    const session = this.sessions.find((s) => s.name === name);
    if (session === undefined && name === this.replay?.name)
      throw new Error(`"${name}" is the open replay; close the replay instead`);
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
    this.batchClock.stop();
    this.batchClock = this.scheduleBatches(checked);
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
    const shown = this.shown();
    const first = shown[0]!;
    const replay = this.replay?.ingest.replay ?? null;
    const base: Health = {
      ...first.ingest.figures(now),
      connection: first.connection,
      connectionSince: first.connectionSince,
      source: first.source,
      ticksPerSec: m.ticksPerSec,
      batchesPerSec: m.batchesPerSec,
      reconnects: first.reconnects,
      latencyP50Ms: m.latencyP50Ms,
      latencyP99Ms: m.latencyP99Ms,
      eventLoopLagP99Ms: m.eventLoopLagP99Ms,
      recording: this.recording,
      replay: replay && {
        ...replay,
        path: this.replay!.source.label,
        rangeFrom: replay.start,
        rangeTo: replay.end,
        ...this.replayView,
      },
    };
    if (shown.length === 1) return base;
    const sources = shown.map((s) => s.health(now));
    // The badge and figures speak for the live sources; a replay beside them has its chip.
    const live = sources.filter((_, i) => shown[i] !== this.replay);
    return { ...base, ...(live.length > 1 && summarise(live)), sources };
  }

  onRawFrame(listener: RawFrameListener): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void {
    this.replayFrameListeners.add(listener);
    return () => this.replayFrameListeners.delete(listener);
  }

  streamState(source?: string): StreamState {
    const recordable = this.recordable();
    const session =
      source === undefined ? recordable[0]! : recordable.find((s) => s.name === source);
    if (session === undefined) return { source: source!, hello: null, snapshots: [] };
    return {
      source: session.name,
      hello: session.hello,
      snapshots: session.ingest.state.snapshots(),
    };
  }

  sendReplayControl(request: ReplayControlArgs): Promise<void> {
    if (this.replay === null) return Promise.reject(new Error('no replay is open'));
    const { client, ingest, requests } = this.replay;
    const session = client?.activeConnection;
    if (!client || !session) return Promise.reject(new Error('the replay is not connected'));
    if (ingest.replay === null || !session.replayControl)
      return Promise.reject(new Error('the replay feed has not started'));
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
    this.batchClock.stop();
    const sessions = this.replay === null ? this.sessions : [...this.sessions, this.replay];
    this.metrics.close();
    this.frameListeners.clear();
    this.replayFrameListeners.clear();
    this.eventListeners.clear();
    await Promise.all(sessions.map((session) => session.disconnect()));
  }

  /** A session; `replay`: the replay's, whose state and gaps count only when it runs alone. */
  private newSession(name: string, endpoint: string | null, replay = false): SourceSession {
    const { simulator, exchanges, backoff, resyncTimeoutMs } = this.options;
    // Feed rules and a recording's gap markers are about the live feed: a replay beside it
    // (closing, stalling, resyncing) must not fire "feed disconnected" or mark a live gap.
    const heard = () => !replay || !this.live;
    const session: SourceSession = new SourceSession(
      name,
      { feedEndpoint: endpoint, simulator, exchanges, backoff, resyncTimeoutMs },
      this.metrics,
      {
        tick: (tick, replay, state) =>
          this.alerts.onTick(tick, replay, this.merged.historyEpoch, state),
        feedState: (state) => {
          if (heard()) this.alerts.onFeedState(state);
        },
        gaps: (instruments, at) => {
          if (!heard()) return;
          this.alerts.onGap();
          for (const instrument of instruments)
            this.emit({ type: 'gap', source: session.name, instrument, at });
        },
        // Recordings hear every recordable source, each frame with its source's name (the
        // recorder writes one stream per source). The replay controller hears the replay's.
        frame: (from, text, receivedAt) => {
          if (from === this.replay)
            for (const listener of this.replayFrameListeners) listener(text, receivedAt);
          if (!this.isRecordable(from)) return;
          for (const listener of this.frameListeners) listener(text, receivedAt, from.name);
        },
        connected: (from) => {
          if (this.isRecordable(from))
            this.emit({ type: 'connected', source: from.name, at: Date.now() });
        },
        disconnected: (from, reason) => {
          if (this.isRecordable(from))
            this.emit({ type: 'disconnected', source: from.name, at: Date.now(), reason });
        },
      },
    );
    return session;
  }

  /** The sources the page is shown: the live ones and a replay beside them, or the replay alone. */
  private shown(): SourceSession[] {
    if (this.replay === null) return this.sessions;
    return this.live ? [...this.sessions, this.replay] : [this.replay];
  }

  /** The sources a recording may record: the live ones, or a replay that runs alone. */
  private recordable(): SourceSession[] {
    return this.live || this.replay === null ? this.sessions : [this.replay];
  }

  private isRecordable(session: SourceSession): boolean {
    return this.recordable().includes(session);
  }

  /** True when instrument `id` comes from the replay (its ticks carry recorded times). */
  private isReplayed(id: string): boolean {
    const replay = this.replay;
    if (replay === null) return false;
    return !replay.qualified || id.startsWith(`${REPLAY_SOURCE_NAME}:`);
  }

  /** A live source leaves the engine; once its socket is closed, the name has left too. */
  private async dropSession(session: SourceSession): Promise<void> {
    this.sessions = this.sessions.filter((s) => s !== session);
    this.requalify();
    await session.disconnect();
    this.removed(session.name);
  }

  /** No more frames come under `name` (until a source is added again under it). */
  private removed(name: string): void {
    this.emit({ type: 'removed', source: name, at: Date.now() });
  }

  /**
   * Qualifies live ids only while there is more than one live source; a replay beside live
   * sources is always qualified (`replay:<id>`), so opening or closing it leaves the live ids
   * as they are. Names are not touched: a source keeps the one it was added with (a chart, an
   * alert or a recording stream that names `kraken-2` must not move to another connection).
   */
  private requalify(): void {
    const qualified = this.sessions.length > 1;
    for (const s of this.sessions) s.qualified = qualified;
    if (this.replay !== null) this.replay.qualified = this.live;
    this.sourcesChanged();
  }

  /** The batcher's view and the health follow the set of sources and their names. */
  private sourcesChanged(): void {
    this.merged.setParts(
      this.shown().map((s) => ({
        prefix: s.qualified ? s.name : null,
        state: s.ingest.state,
        ownHistory: s === this.replay && s.qualified,
      })),
    );
    this.healthVersion++;
  }

  private scheduleBatches(hz: number): BatchClock {
    return startBatchClock(1_000 / hz, () => this.flush());
  }

  private flush(): void {
    this.alerts.sweep();
    let health: Health | undefined;
    let healthVersion = this.healthVersion;
    const shown = this.shown();
    for (const session of shown) healthVersion += session.ingest.healthVersion;
    const sent = this.batcher.flush(Date.now(), () => (health ??= this.health()), healthVersion);
    for (const session of shown) session.ingest.batchesSent(sent);
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }
}

/** The health fields that summarise several sources: the worst state, summed counts. */
function summarise(sources: readonly SourceHealth[]): Partial<Health> {
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
  };
}

/** `name` when it is a valid live source name not in `taken`, else null. */
function freeName(name: string | undefined, taken: readonly string[]): string | null {
  if (name === undefined || name === REPLAY_SOURCE_NAME || taken.includes(name)) return null;
  return checkSourceName(name) === null ? name : null;
}

/** Creates an engine; call `start()` to connect. */
export function createFeedEngine(options: FeedEngineOptions): FeedEngine {
  return new Engine(options);
}
