/**
 * The feed engine: feed connections (one or several sources at once, see ./source-session.ts)
 * folded into state, served as batches to any number of
 * consumers (Electron windows, browser-mode pages, tests). Electron-free by design. See
 * ARCHITECTURE.md, "Data path".
 */
import type { AlertEvent, AlertRule, AlertRuleState } from '../../protocol/alerts';
import type { Batch, FeedSource, Health, RecordingStatus } from '../../protocol/batch';
import {
  MAX_SOURCES,
  REPLAY_SOURCE_NAME,
  checkSourceName,
  nextSourceName,
} from '../../protocol/source-names';
import { AlertEvaluator } from '../alerts/index';
import type { BatchConsumer } from './batcher';
import { Batcher } from './batcher';
import type { ReplayControlArgs } from './feed-protocol';
import { MergedState } from './merged-state';
import { Metrics } from './metrics';
import { startBatchClock, type BatchClock } from './batch-clock';
import { priceHistory } from './price-history';
import type { PriceHistory, PriceHistoryRequest } from '../../protocol/price-history';
import { SourceSession } from './source-session';
import { summarise } from './sources-health';
import {
  checkBatchHz,
  type ConnectionEvent,
  type FeedEngine,
  type FeedEngineOptions,
  type RawFrameListener,
  type ReplayView,
  type StreamState,
} from './engine-api';

export type {
  BatchConsumer,
  ConnectionEvent,
  FeedEngine,
  FeedEngineOptions,
  RawFrameListener,
  ReplayView,
  StreamState,
} from './engine-api';
export { checkBatchHz } from './engine-api';

const NO_RECORDING: RecordingStatus = {
  active: false,
  dir: null,
  startedAt: null,
  bytes: 0,
  messages: 0,
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

/** `name` when it is a valid live source name not in `taken`, else null. */
function freeName(name: string | undefined, taken: readonly string[]): string | null {
  if (name === undefined || name === REPLAY_SOURCE_NAME || taken.includes(name)) return null;
  return checkSourceName(name) === null ? name : null;
}

/** Creates an engine; call `start()` to connect. */
export function createFeedEngine(options: FeedEngineOptions): FeedEngine {
  return new Engine(options);
}
