/**
 * The batch: what the feed engine (main process) sends the renderer at the display's cadence.
 * A batch holds only what changed since the previous one, bounded in size whatever the tick
 * rate. Series are columnar (parallel number arrays) so they cross structured clone (Electron
 * IPC) and JSON (browser mode) cheaply.
 */
import type { BookLevel, Incident, Instrument, MatchStatus } from './feed';

/** Bar intervals the engine maintains, in ms. */
export const BAR_INTERVALS_MS = [1_000, 5_000, 60_000] as const;
/** One of {@link BAR_INTERVALS_MS}. */
export type BarIntervalMs = (typeof BAR_INTERVALS_MS)[number];

/** Most series points per instrument in one batch; more are thinned (min/max kept). */
export const MAX_SERIES_POINTS_PER_BATCH = 64;
/**
 * The same for an instrument on a chart of the consumer: when first charted, its batch carries
 * the history the engine holds, and 64 points spread over minutes drew the chart's line as
 * straight strokes between them, next to candles with every second's moves. Enough for a
 * chart's width several times over (min/max kept), and bounded like everything in a batch.
 */
export const MAX_CHARTED_SERIES_POINTS_PER_BATCH = 2_000;

/** Latest values of a market instrument, sent when any of them changed. */
export interface MarketRow {
  readonly id: string;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  readonly last: number;
  /** Reference price for change: the session open. */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly volume: number;
  readonly trades: number;
  /** Event time of the latest tick, epoch ms. */
  readonly ts: number;
}

/**
 * The fields of a compact row, in the order {@link CompactRows.values} holds them: a
 * {@link MarketRow} without its id.
 */
export const COMPACT_ROW_FIELDS = [
  'bid',
  'ask',
  'bidSize',
  'askSize',
  'last',
  'open',
  'high',
  'low',
  'volume',
  'trades',
  'ts',
] as const satisfies readonly Exclude<keyof MarketRow, 'id'>[];

/**
 * Latest values of instruments outside a consumer's interest (`Interest.others: 'compact'`),
 * columnar: instrument `ids[i]`'s fields are `values[i * COMPACT_ROW_FIELDS.length + k]`, for
 * the field `COMPACT_ROW_FIELDS[k]`. One flat array of numbers instead of an object per row:
 * at 5,000 instruments a page gets hundreds of these a batch (every instrument on a reset), and
 * an object per row was most of the engine's garbage for a page (docs/PERFORMANCE.md, "Scale
 * curve: instruments").
 */
export interface CompactRows {
  readonly ids: readonly string[];
  readonly values: readonly number[];
}

/** The rows `compact` holds, as {@link MarketRow}s, in its order. */
export function compactMarketRows(compact: CompactRows): MarketRow[] {
  const width = COMPACT_ROW_FIELDS.length;
  if (compact.values.length !== compact.ids.length * width)
    throw new RangeError(
      `compact rows: ${compact.values.length} values for ${compact.ids.length} ids, expected ${compact.ids.length * width}`,
    );
  return compact.ids.map((id, i) => {
    const row: Record<string, number | string> = { id };
    COMPACT_ROW_FIELDS.forEach((field, k) => (row[field] = compact.values[i * width + k]!));
    return row as unknown as MarketRow;
  });
}

/** New points of an instrument's price series, columnar: `t[i]` (epoch ms) with `price[i]`. */
export interface SeriesDelta {
  readonly id: string;
  readonly t: readonly number[];
  readonly price: readonly number[];
}

/**
 * Bars that were opened or updated since the last batch, columnar, oldest first. A bar whose
 * `t` equals the renderer's last bar replaces it; a later `t` appends.
 */
export interface BarDelta {
  readonly id: string;
  readonly intervalMs: BarIntervalMs;
  /**
   * True when these bars replace every bar the consumer holds for this instrument and interval:
   * the engine no longer holds the bars between, so appending would join two bars that were
   * never neighbours. Sent when an instrument comes back into a consumer's interest (see
   * `./interest`) after more bars than the engine keeps went by.
   */
  readonly replace?: true;
  readonly t: readonly number[];
  readonly o: readonly number[];
  readonly h: readonly number[];
  readonly l: readonly number[];
  readonly c: readonly number[];
  readonly v: readonly number[];
}

/** Latest state of a match, sent when anything changed; new odds points and incidents as deltas. */
export interface MatchRow {
  readonly id: string;
  readonly status: MatchStatus;
  readonly home: number;
  readonly away: number;
  readonly clockMs: number;
  readonly running: boolean;
  readonly odds: { readonly home: number; readonly draw: number; readonly away: number };
  /** New odds points since the last batch, columnar over match time. */
  readonly oddsDelta: {
    readonly clockMs: readonly number[];
    readonly home: readonly number[];
    readonly draw: readonly number[];
    readonly away: readonly number[];
  };
  /** Incidents new since the last batch, oldest first. */
  readonly newIncidents: readonly Incident[];
}

/** Most book levels a side a page may ask to see (`Interest.depthLevels`), and so a batch carries. */
export const MAX_DEPTH_VIEW_LEVELS = 50;

/**
 * The book and new trades of the instrument this consumer selected (`Interest.selected`, in
 * protocol/interest.ts). Only that instrument's depth travels, bounded to the levels the page
 * shows; a consumer that selected none gets no depth.
 */
export interface DepthDelta {
  readonly id: string;
  /**
   * The book's top levels a side (bids high to low, asks low to high), or null when the feed
   * keeps no book for the instrument.
   */
  readonly book: {
    readonly bids: readonly BookLevel[];
    readonly asks: readonly BookLevel[];
  } | null;
  /** True while the book is being resynced (a gap or a checksum mismatch): `book` is empty. */
  readonly resyncing: boolean;
  /** True when `trades` start the tape afresh (a new selection or a reset), not extend it. */
  readonly tapeReset: boolean;
  /** Trades since the last batch, oldest first, columnar; `side` 1 for a buy, -1 for a sell. */
  readonly trades: {
    readonly t: readonly number[];
    readonly price: readonly number[];
    readonly size: readonly number[];
    readonly side: readonly number[];
  };
}

/** Connection lifecycle of the feed client, as the user sees it. */
export type ConnectionState =
  | { readonly state: 'connecting'; readonly attempt: number }
  | { readonly state: 'live' }
  | { readonly state: 'stalled'; readonly silentMs: number }
  | {
      readonly state: 'reconnecting';
      readonly attempt: number;
      readonly nextRetryAt: number;
      readonly reason: string;
    }
  | { readonly state: 'closed' }
  | { readonly state: 'failed'; readonly reason: string };

/** Where the data comes from. */
export type FeedSource =
  | { readonly kind: 'embedded'; readonly label: string }
  | { readonly kind: 'url'; readonly label: string }
  | { readonly kind: 'exchange'; readonly label: string }
  | { readonly kind: 'replay'; readonly label: string }
  | { readonly kind: 'none'; readonly label: string };

/** Replay position and controls as shown in the health bar and transport controls. */
export interface ReplayStatus {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly position: number;
  readonly playing: boolean;
  /** 0 means as fast as possible. */
  readonly speed: number;
  readonly loop: boolean;
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
  readonly recording: RecordingStatus;
  readonly replay: ReplayStatus | null;
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
  readonly reconnects: number;
  readonly lastTickAgeMs: number | null;
  readonly lastDataAt: number | null;
  readonly lastError: string | null;
}

/**
 * Unacknowledged batches a consumer may hold. With one, the next batch waited for the first
 * flush after the ack reached the engine, so a round trip a little over the rest of the
 * interval cost a whole interval (14-21 batches a second at 5,000 instruments). With two, the
 * batch timeline at 5,000 instruments (bench/batch-timeline.ts) still found flushes passing a
 * page by with two batches out: an ack crosses the page, the host's main thread and the
 * worker's port, and any of the three held by a GC or another process for a slot costs one.
 * Three ride out such a hold; a page that stays slow still gets fewer batches, never more than
 * three queued (docs/PERFORMANCE.md, "Scale curve: instruments").
 */
export const FLOW_WINDOW = 3;

/** One batch from the engine to the renderer. */
export interface Batch {
  /**
   * Batch number, rising by 1; the consumer acknowledges it (and every one before it) to
   * receive more: at most {@link FLOW_WINDOW} go unacknowledged.
   */
  readonly seq: number;
  /** When the batch was built, epoch ms. */
  readonly ts: number;
  /**
   * When true the renderer drops everything it holds and starts from this batch (new source,
   * resync, or a consumer that fell behind). `instruments` is then present.
   */
  readonly reset: boolean;
  /** The instrument list, present on reset or when it changed. */
  readonly instruments?: readonly Instrument[];
  /**
   * Instruments whose history starts over (a replay beside live sources sought, or opened
   * anew): the renderer drops what it holds for these ids alone before folding this batch, and
   * their full state follows in it. Absent when none; the other instruments keep their history.
   */
  readonly restarted?: readonly string[];
  /** Rows of the instruments this consumer shows in full (all of them, without an interest). */
  readonly market: readonly MarketRow[];
  /**
   * Rows of instruments outside the consumer's interest that are due one (about twice a
   * second each; every one on a reset), never an id `market` also holds. Absent when none.
   */
  readonly compact?: CompactRows;
  readonly series: readonly SeriesDelta[];
  readonly bars: readonly BarDelta[];
  readonly sports: readonly MatchRow[];
  /** The selected instrument's book and new trades, when they changed. */
  readonly depth?: DepthDelta;
  /**
   * Event time of the newest tick in this batch (epoch ms), or null. The renderer measures
   * tick-to-pixel latency from it to the animation frame that draws the batch.
   */
  readonly newestTickTs: number | null;
  readonly health: Health;
}
