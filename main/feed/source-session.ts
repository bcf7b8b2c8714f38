/**
 * One source of the engine: its resolver (which starts the embedded simulator or a NATS gateway
 * when the source needs one), its feed client with its own reconnect loop, its fold and its
 * counters. Sessions share nothing but the engine's hooks, so one failing, stalling or
 * reconnecting leaves the others' state and health untouched.
 */
import type {
  ConnectionState,
  FeedSource,
  InstrumentNotice,
  SourceHealth,
} from '../../protocol/health';
import type { HelloMessage, ServerMessage } from '../../protocol/feed';
import { formatInstrumentName } from '../../protocol/source-names';
import type { BackoffOptions } from './backoff';
import { Backoff } from './backoff';
import { SLICE_TICKS } from './frame-slices';
import { FeedClient, type FeedClientHandlers } from './feed-client';
import { Ingest } from './ingest';
import type { Metrics } from './metrics';
import type { FeedProtocol } from './feed-protocol';
import { PendingRequests } from './pending-requests';
import type { SessionHooks } from './session-hooks';
import { shownSource } from './shown-source';
import { SourceResolver, type SourceOptions } from './source-resolver';
import { TickRate } from './tick-rate';

export interface SessionOptions extends SourceOptions {
  readonly backoff?: BackoffOptions;
  readonly resyncTimeoutMs?: number;
}

export class SourceSession {
  readonly requests = new PendingRequests();
  readonly ingest: Ingest;
  /**
   * The source's name, e.g. `kraken`; instruments are qualified with it (`kraken:BTC/USD`)
   * only while `qualified` is true, that is while the engine holds more than one source.
   */
  name: string;
  qualified = false;
  /** The feed choice (`Settings.feed` grammar) this session connects to. */
  feed: string | null = null;
  client: FeedClient | null = null;
  connection: ConnectionState = { state: 'closed' };
  connectionSince = Date.now();
  source: FeedSource = { kind: 'none', label: 'Not connected' };
  hello: HelloMessage | null = null;
  reconnects = 0;
  private readonly resolver: SourceResolver;
  /** The dialect of the current connection, whose notices the health bar reads. */
  private protocol: FeedProtocol | null = null;
  /** Rises with every connect() or disconnect(), so a slow connect() cannot win over a later one. */
  private generation = 0;
  private readonly tickRate = new TickRate(Date.now());

  constructor(
    name: string,
    private readonly options: SessionOptions,
    metrics: Metrics,
    private readonly hooks: SessionHooks,
  ) {
    this.name = name;
    this.resolver = new SourceResolver(options);
    this.ingest = new Ingest(metrics, this.requests, (ids, at, repaired) =>
      this.onGaps(ids, at, repaired),
    );
    this.ingest.state.onTickFolded = (tick, state) =>
      hooks.tick(
        this.qualified ? { ...tick, instrument: this.qualify(tick.instrument) } : tick,
        this.ingest.replay !== null,
        state,
      );
    this.ingest.state.onSnapshotFolded = (id, state) => hooks.snapshot(this.qualify(id), state);
    // Once a source session: a feed sending stale snapshots sends many, each counted.
    this.ingest.onFirstLateSnapshot = (id, seq) =>
      console.warn(
        `tickdeck: source ${this.name}: refused a late snapshot of ${id} (seq ${seq}, older than what this session applied); later ones are counted in the health bar, not logged`,
      );
  }

  /** `id` as the rest of the app names it. */
  qualify(id: string): string {
    return this.qualified ? formatInstrumentName(this.name, id) : id;
  }

  /**
   * Switches this session to `feed`; `source` overrides the label shown. Rejects a bad feed.
   * `feed` is set at once, before the connection exists.
   */
  async connect(feed: string | null, source?: FeedSource): Promise<void> {
    const generation = ++this.generation;
    // Set before the await: the engine names sources by the feed they are connecting to.
    this.feed = feed;
    const protocol = await this.resolver.resolve(feed, source);
    if (generation !== this.generation) return;
    this.dropClient('switched source');
    this.ingest.restart();
    this.hello = null;
    this.source = protocol.source;
    this.protocol = protocol;
    const client = new FeedClient(protocol, this.clientHandlers(), {
      resumePoints: () => this.ingest.resumePoints(),
      backoff: new Backoff(this.options.backoff),
      resyncTimeoutMs: this.options.resyncTimeoutMs,
      // A large frame folded in slices, so the engine's batches and timers are not held.
      sliceTicks: SLICE_TICKS,
    });
    this.client = client;
    client.start();
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.resolver.setFeedEndpoint(endpoint);
  }

  disconnect(): Promise<void> {
    this.generation++;
    this.dropClient('disconnected');
    return this.resolver.stopSimulator();
  }

  /** This source's own figures for the health bar's chip. */
  health(now: number): SourceHealth {
    const figures = this.ingest.figures(now);
    return {
      name: this.name,
      ...shownSource(this.source, this.ingest.replay),
      connection: this.connection,
      connectionSince: this.connectionSince,
      ticksPerSec: this.tickRate.read(figures.ticksTotal, now),
      ticksTotal: figures.ticksTotal,
      gaps: figures.gaps,
      lateSnapshots: figures.lateSnapshots,
      reconnects: this.reconnects,
      lastTickAgeMs: figures.lastTickAgeMs,
      lastDataAt: figures.lastDataAt,
      storedDataAt: figures.storedDataAt,
      lastError: figures.lastError,
      clockAheadMs: figures.clockAheadMs,
    };
  }

  /** What its dialect names at `now`, qualified; none unless live (down or stalled says so). */
  notices(now: number): readonly InstrumentNotice[] {
    if (this.connection.state !== 'live' || !this.protocol?.notices) return [];
    return this.protocol
      .notices(now)
      .map((n) => ({ ...n, instrument: this.qualify(n.instrument) }));
  }

  private dropClient(reason: string): void {
    this.client?.close();
    this.client = null;
    this.requests.failAll(`connection closed: ${reason}`);
  }

  private clientHandlers(): FeedClientHandlers {
    return {
      state: (state) => {
        if ((state.state === 'live') !== (this.connection.state === 'live'))
          this.connectionSince = Date.now();
        this.connection = state;
        this.ingest.connectionLive = state.state === 'live';
        this.hooks.feedState(state.state);
        this.ingest.healthVersion++;
        if (state.state === 'reconnecting') this.reconnects++;
        if (state.state === 'failed') this.ingest.setError(state.reason);
      },
      frame: (text, receivedAt) => this.hooks.frame(this, text, receivedAt),
      messages: (messages: readonly ServerMessage[], receivedAt, continued = false) => {
        for (let i = 0; i < messages.length; i++) {
          const message = messages[i]!;
          if (message.op === 'hello') this.hello = message;
          this.ingest.fold(message, receivedAt, continued && i === 0);
        }
      },
      lost: (instruments, receivedAt) => this.ingest.lost(instruments, receivedAt),
      malformed: (error) => this.ingest.malformedFrame(error),
      problem: (message) => this.ingest.setError(message),
      connected: () => this.hooks.connected(this),
      disconnected: (reason) => {
        this.requests.failAll(`connection lost: ${reason}`);
        this.hooks.disconnected(this, reason);
      },
    };
  }

  private onGaps(instruments: readonly string[], at: number, repaired: boolean): void {
    this.hooks.gaps(
      this,
      instruments.map((id) => this.qualify(id)),
      at,
    );
    if (!repaired) this.client?.resync(instruments);
  }
}
