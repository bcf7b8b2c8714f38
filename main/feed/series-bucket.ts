/**
 * A market's price series at ingest resolution: each bucket keeps its first point, its
 * extremes and its last point. A bucket is {@link SERIES_BUCKET_MS} wide while a consumer reads
 * the market's series (a row in view, a chart), {@link SERIES_WIDE_BUCKET_MS} when none has for
 * {@link SERIES_WATCH_SEALS} batches: with thousands of instruments an instrument ticks about
 * every 100 ms, so nearly every narrow bucket held one point, a row of history a tick, for the
 * thousands of instruments nobody shows (docs/PERFORMANCE.md, "Per-consumer interest", 5 Dec
 * sixth session). The open bucket lives in the market's record (market-state-columns.ts) and
 * reaches the series ring in pieces: its first point with its second point, or when it is
 * sealed ({@link pushFirst}); its extremes and last point when it is sealed. Points go to the
 * ring through the feed's series log (ring-log.ts), which moves them on when the ring is read.
 */
import {
  BUCKET,
  COUNT,
  HI,
  HI_AT,
  HI_INDEX,
  LAST_AT,
  LAST_PRICE,
  LO,
  LO_AT,
  LO_INDEX,
  PENDING,
  VERSION,
} from './market-state-columns';
import type { ColumnarRing } from '../../shared/columnar-ring';
import type { LoggedRing, RingLog } from './ring-log';

/** A market as its series' points see it: its series ring, and its rows in the feed's log. */
export interface SeriesOwner extends LoggedRing {
  /** The series ring, without the points still in the log. */
  readonly seriesRing: ColumnarRing;
}

/**
 * Ingest resolution of the series, ms. A bucket keeps at most its first point, its extremes
 * and its last point (4 points), so 10k ticks/s on one instrument still leaves a minute or
 * more of history in the ring, and a chart loses no spike. A bucket also ends at every batch
 * (`MarketHistory.sealSeries`), so the series always ends at the latest price.
 */
export const SERIES_BUCKET_MS = 50;
/**
 * Bucket width, ms, of a market whose series no consumer has read for
 * {@link SERIES_WATCH_SEALS} batches: four points a second at most, its extremes kept. It
 * divides every bar interval, so bars built from the series (bar-history.ts) stay exact.
 */
export const SERIES_WIDE_BUCKET_MS = 1_000;
/**
 * Batches (seals) after its series was last read that a market keeps narrow buckets: a second
 * at 30 batches a second, so a row in view, read at every batch that changed, never widens.
 */
export const SERIES_WATCH_SEALS = 30;
/** Columns of a series ring: time, price. */
export const SERIES_COLUMNS = 2;

/**
 * Folds a price at event time `t` into the record at `b` of `d`: into the open bucket, or a new
 * one `widthMs` wide after sealing it. Points are told apart by their index in the bucket, not
 * their time: many ticks share a millisecond.
 */
export function addPoint(
  d: Float64Array,
  b: number,
  log: RingLog,
  owner: SeriesOwner,
  widthMs: number,
  t: number,
  price: number,
): void {
  // A late tick (before the open bucket) joins it rather than rewriting history.
  if (t < d[b + BUCKET]!) {
    const index = d[b + COUNT]!;
    d[b + COUNT] = index + 1;
    // Here rather than when the bucket opened: most buckets never get a second point.
    if (index === 1) {
      pushFirst(d, b, log, owner);
      d[b + LO_INDEX] = d[b + HI_INDEX] = 0;
    }
    if (price < d[b + LO]!) {
      d[b + LO] = price;
      d[b + LO_AT] = t;
      d[b + LO_INDEX] = index;
    } else if (price > d[b + HI]!) {
      d[b + HI] = price;
      d[b + HI_AT] = t;
      d[b + HI_INDEX] = index;
    }
    d[b + LAST_PRICE] = price;
    d[b + LAST_AT] = t;
    return;
  }
  sealBucket(d, b, log, owner);
  d[b + BUCKET] = (Math.floor(t / widthMs) + 1) * widthMs;
  d[b + COUNT] = 1;
  d[b + LO] = d[b + HI] = d[b + LAST_PRICE] = price;
  d[b + LO_AT] = d[b + HI_AT] = d[b + LAST_AT] = t;
  d[b + PENDING] = 1;
}

/**
 * Ends the open bucket, writing its extremes and last point; true (and the record's version
 * raised) if it wrote any. Sealing runs for every instrument that ticked in a batch, so it
 * allocates nothing.
 */
export function sealBucket(d: Float64Array, b: number, log: RingLog, owner: SeriesOwner): boolean {
  if (d[b + BUCKET]! < 0) return false;
  d[b + BUCKET] = -1;
  // A bucket of one point (most, with thousands of instruments) writes only its first point,
  // which readers of the ring saw as written when the bucket opened: no change to report.
  if (d[b + COUNT] === 1) {
    pushFirst(d, b, log, owner);
    return false;
  }
  const appended = log.appended;
  // Points go in bucket order; index 0 (the first point) went in with index 1.
  const loIndex = d[b + LO_INDEX]!;
  const hiIndex = d[b + HI_INDEX]!;
  const loFirst = loIndex <= hiIndex;
  let written = pushAfter(d, b, log, owner, 0, loFirst ? loIndex : hiIndex, loFirst);
  written = pushAfter(d, b, log, owner, written, loFirst ? hiIndex : loIndex, !loFirst);
  if (d[b + COUNT]! - 1 > written) log.copy(owner, owner.seriesRing, d, b + LAST_AT);
  if (log.appended === appended) return false;
  d[b + VERSION] = d[b + VERSION]! + 1;
  return true;
}

/**
 * Puts the open bucket's first point in the series (its log) if it is not there yet. Only a bucket of one
 * point has it pending (its second point puts it there), so it is the bucket's last point.
 */
export function pushFirst(d: Float64Array, b: number, log: RingLog, owner: SeriesOwner): void {
  if (d[b + PENDING] === 0) return;
  d[b + PENDING] = 0;
  log.copy(owner, owner.seriesRing, d, b + LAST_AT);
}

/** Writes the bucket's low (or high) point if it comes after index `written`; the new index. */
function pushAfter(
  d: Float64Array,
  b: number,
  log: RingLog,
  owner: SeriesOwner,
  written: number,
  index: number,
  low: boolean,
): number {
  if (index <= written) return written;
  log.copy(owner, owner.seriesRing, d, b + (low ? LO_AT : HI_AT));
  return index;
}
