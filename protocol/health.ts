/**
 * The engine's health, as every batch carries it (`Batch.health`, ./batch.ts): the connection
 * as the user sees it, where the data comes from, the counters and latencies the health bar
 * shows, the recording and the replay, each source's own figures and the instruments named in
 * notices. Apart from the batch's data because the health bar, the stale banner and the
 * recording and replay commands read these without the rows and series around them.
 */
import type { ReplayInfo } from './feed';
import type { ConnectionState, FeedSource } from './source-link';

// Where a source's data comes from and how its connection stands are ./source-link.ts's; the
// health carries them, and its readers import them from here.
export type { ConnectionState, FeedSource, LinkDown } from './source-link';

/**
 * Replay position and controls as shown in the health bar and transport controls: what a
 * replay server says of itself, and which recording and range of it plays.
 */
export interface ReplayStatus extends ReplayInfo {
  readonly path: string;
  readonly rangeFrom: number;
  readonly rangeTo: number;
}

/** Recording in progress, shown in the health bar. */
export interface RecordingStatus {
  readonly active: boolean;
  readonly dir: string | null;
  readonly startedAt: number | null;
  readonly bytes: number;
  readonly messages: number;
  /**
   * Frames and markers lost by sources that joined while recording, dropped while their
   * folders were created (each loss is marked as a `gap` in its recording); absent when none.
   */
  readonly framesLost?: number;
}

/** Health metrics carried by every batch. Rates are per second over the last second. */
export interface Health {
  readonly connection: ConnectionState;
  readonly source: FeedSource;
  /**
   * When the connection last became live or stopped being live, epoch ms (host clock): the
   * start of the current outage, or of the current live run.
   */
  readonly connectionSince: number;
  /** When the current source was chosen, epoch ms: the session the counters below count in. */
  readonly sessionStartedAt: number;
  /** When data (a tick or a snapshot) last arrived, epoch ms (host clock); null before any. */
  readonly lastDataAt: number | null;
  /**
   * The newest own time (`ts`, the source's clock, not the host's) of the states this source
   * session took before its connection proved live, epoch ms; null before any. They are served
   * from store, so they are no update (`lastDataAt`), but they are shown: a NATS desk started
   * while its relay is away shows its source's stored states, this old. Never later than the
   * state's arrival (host clock): a source's clock ahead of the host's read "0 ms old".
   */
  readonly storedDataAt: number | null;
  readonly ticksPerSec: number;
  readonly batchesPerSec: number;
  /** Ticks since the engine started. */
  readonly ticksTotal: number;
  /** Counts since {@link sessionStartedAt}: a new source starts them from zero. */
  readonly conflatedTicks: number;
  readonly conflatedFrames: number;
  readonly gaps: number;
  /**
   * Order-book checks an exchange feed's book failed (Kraken's checksum, a crossed Coinbase
   * book): the book, not the sequence, broke. Each is resynced like a gap but counted here, not
   * in `gaps`.
   */
  readonly checksumMismatches: number;
  readonly resyncs: number;
  /**
   * Snapshots refused as late: older (a lower `seq`) than what the feed session already
   * applied to the instrument, so taking one would roll its state back (docs/PROTOCOL.md,
   * "Sequence numbers"). A source that keeps sending them is misbehaving.
   */
  readonly lateSnapshots: number;
  readonly reconnects: number;
  readonly malformed: number;
  /** Age of the newest tick when this batch was built, ms; null before the first tick. */
  readonly lastTickAgeMs: number | null;
  /** Tick-to-batch latency (tick ts to batch emit), ms, over the last second. */
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
  readonly eventLoopLagP99Ms: number | null;
  /** The last error the server or the engine reported, for the user to read. */
  readonly lastError: string | null;
  /**
   * How far ahead of this machine's clock the source stamps its ticks, ms, to the second: its
   * times on charts, the tape and kick-offs are that far in the future. Said once its ticks
   * arrive stamped 5 s ahead or more, unsaid under 2 s (main/feed/clock-ahead.ts); absent
   * otherwise. A clock behind shows as delay, in the latency figures.
   */
  readonly clockAheadMs?: number;
  readonly recording: RecordingStatus;
  readonly replay: ReplayStatus | null;
  /**
   * Set while the (first) source's server says it replays a recording, its `hello` carrying
   * `replay`: a replay opened here, or a `--feed` that is a replay server
   * (`npm run feed -- replay`), whose recorded data is never shown as live; absent otherwise.
   */
  readonly replaying?: ReplayPlay;
  /**
   * Each source's own figures, in the order they were added, when the engine holds more than
   * one; the fields above then summarise them (the worst connection, summed counts). Absent
   * with one source.
   */
  readonly sources?: readonly SourceHealth[];
  /**
   * Instruments of the live sources that are not trading as their rows would suggest, named by
   * their exchange adapter; absent when none (see {@link InstrumentNotice}).
   */
  readonly notices?: readonly InstrumentNotice[];
}

/**
 * An instrument of a live exchange source named in the health bar: its data stopped long
 * beyond its usual gap while its connection delivers (`silent`), or the venue says it does not
 * trade as usual (`status`, Kraken's per-pair status). Listed while it holds, gone once it does
 * not.
 */
export interface InstrumentNotice {
  /** The instrument as the rest of the app names it (`kraken:ETH/USD` with several sources). */
  readonly instrument: string;
  readonly kind: 'silent' | 'status';
  /** The venue's word for the pair's status (`maintenance`, `cancel_only`), for `status`. */
  readonly status?: string;
  /** Not trading: its watchlist row shows it halted. */
  readonly halted: boolean;
  /** Since when, epoch ms (host clock): its last data (`silent`), or when the status came. */
  readonly since: number;
  /** Its usual time between data before it stopped, ms (`silent`). */
  readonly usualMs?: number;
}

/** One source's state and figures, for its chip in the health bar (see {@link Health.sources}). */
export interface SourceHealth {
  /** The source's name, the prefix of its instruments' ids (protocol/source-names.ts). */
  readonly name: string;
  readonly source: FeedSource;
  readonly connection: ConnectionState;
  readonly connectionSince: number;
  readonly ticksPerSec: number;
  readonly ticksTotal: number;
  readonly gaps: number;
  /** See {@link Health.lateSnapshots}. */
  readonly lateSnapshots: number;
  readonly reconnects: number;
  readonly lastTickAgeMs: number | null;
  readonly lastDataAt: number | null;
  /** See {@link Health.storedDataAt}. */
  readonly storedDataAt: number | null;
  readonly lastError: string | null;
  /** See {@link Health.clockAheadMs}. */
  readonly clockAheadMs?: number;
  /** See {@link Health.replaying}. */
  readonly replaying?: ReplayPlay;
}

/**
 * What a source's server says of the recording it replays, from its `hello` and its `replay`
 * frames (./feed.ts): the span, the position in recorded time (sent each second: the time its
 * instruments' ages are measured at, as their ticks carry recorded times), the play state and
 * speed. The health bar shows a `--feed` replay server's position, progress and speed from it,
 * as it does for a replay opened in the app.
 */
export type ReplayPlay = ReplayInfo;
