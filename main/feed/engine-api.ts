/**
 * What the feed engine offers its hosts (the app host, the browser mode, the recorder, the
 * relay's tests): the same on the main thread (./engine.ts) and on its worker
 * (./worker-engine.ts), so a host never knows which it drives.
 */
import type { AlertEvent, AlertRule, AlertRuleState } from '../../protocol/alerts';
import type { Batch } from '../../protocol/batch';
import type { FeedSource, Health, RecordingStatus, ReplayStatus } from '../../protocol/health';
import type { HelloMessage, SnapshotMessage } from '../../protocol/feed';
import type { FeedChoice } from '../../protocol/settings';
import { BATCH_HZ_MAX, BATCH_HZ_MIN } from '../../protocol/ipc';
import type { PriceHistory, PriceHistoryRequest } from '../../protocol/price-history';
import type { SimulatorOptions } from '../../feed-simulator/index';
import type { BackoffOptions } from './backoff';
import type { SeekBars } from './bar-rebuild';
import type { BatchConsumer } from './batch-consumer';
import type { ExchangeProtocolFactory, ReplayControlArgs } from './feed-protocol';

/** Hears the rules whose state changed, by id ({@link FeedEngine.onAlertStates}). */
export type AlertStatesListener = (states: Readonly<Record<string, AlertRuleState>>) => void;

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
  /** Overrides `RESYNC_TIMEOUT_MS` of the feed client's connection watch (tests). */
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
  /**
   * Rejects with the server's error message, or when no replay is open. A seek may bring the
   * bars open at its target, read from the recording (bar-rebuild.ts), for the seek to take.
   */
  sendReplayControl(request: ReplayControlArgs, bars?: SeekBars): Promise<void>;
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
  /**
   * Each rule's state by id (pending: the current feed does not have its instrument); what
   * {@link onAlertStates} then reports changes against.
   */
  alertStates(): Record<string, AlertRuleState>;
  /**
   * Hears, at the next batch turn, the rules whose state changed since the last read or report
   * without an alert or an edit of the rules saying so: an instrument became known or unknown
   * to the feed (pending ↔ armed), an expiry passed. While nothing of the kind happens, nothing
   * is read or sent (see main/alerts/rule-states.ts).
   */
  onAlertStates(listener: AlertStatesListener): () => void;
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
