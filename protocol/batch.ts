/**
 * The batch: what the feed engine (main process) sends the renderer at the display's cadence.
 * A batch holds only what changed since the previous one, bounded in size whatever the tick
 * rate. Series are columnar (parallel number arrays) so they cross structured clone (Electron
 * IPC) and JSON (browser mode) cheaply. A market's row, whole or compact, is ./market-rows.ts's,
 * and the health every batch carries ./health.ts's.
 */
import type { BookLevel, Incident, Instrument, MatchStatus } from './feed';
import type { Health } from './health';
import type { CompactRows, MarketRow } from './market-rows';

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
   * tick-to-pixel latency from it to the animation frame that draws the batch. Null in a
   * reset: its rows are the state a consumer joins, whose age is the data's, not the path's.
   */
  readonly newestTickTs: number | null;
  readonly health: Health;
}
