/**
 * A market's OHLCV bars, one ring per interval of protocol/batch.ts's `BAR_INTERVALS_MS`, each
 * bounded to {@link BAR_HISTORY} bars whatever the trade rate; each interval's open bar is
 * held in the market's record until it closes or is read, and a closed bar waits in the feed's
 * bar log (ring-log.ts) until its ring is read or the log is full: with thousands of
 * instruments the 1 s bar closes on nearly every trade, and its ring is out of the cache.
 */
import type { BarIntervalMs } from '../../protocol/batch';
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import { ColumnarRing } from '../../shared/columnar-ring';
import type { LoggedRing, RingLog } from './ring-log';

/** Bars held per interval (allocated as bars open). */
export const BAR_HISTORY = 64;

/** Columns of a bar ring. */
export const BAR_T = 0;
export const BAR_O = 1;
export const BAR_H = 2;
export const BAR_L = 3;
export const BAR_C = 4;
export const BAR_V = 5;
/** Columns of a bar: the ring's, and the open bar's first ones in the record. */
export const BAR_COLUMNS = 6;

/**
 * Bars of one interval; `updates` rises whenever a bar opens or changes (see syncBars). Its
 * closed bars may wait in the feed's bar log: read `ring` after {@link syncBars}.
 */
export interface Bars extends LoggedRing {
  readonly intervalMs: BarIntervalMs;
  readonly ring: ColumnarRing;
  updates: number;
}

/** Empty bars for every interval, shortest first. */
export function createBars(): readonly Bars[] {
  return BAR_INTERVALS_MS.map((intervalMs) => ({
    intervalMs,
    ring: new ColumnarRing(BAR_HISTORY, BAR_COLUMNS),
    updates: 0,
    logHead: -1,
  }));
}

// The open bar of an interval in the market's record, from its block's offset (OPEN_BARS in
// market-state-columns.ts): the bar's columns in the ring's order (its time -1 when none is
// open), where it stands against the ring (WRITTEN), and the updates its Bars has not yet
// counted.
const WRITTEN = BAR_COLUMNS;
const UNCOUNTED = BAR_COLUMNS + 1;
// WRITTEN's values. Kept in the record so a closing bar need not read its ring's newest row to
// know whether it is already there (a cache miss per close at 5,000 instruments).
/** The ring's newest row is this bar, as it is now (or no bar is open). */
const IN_RING = 0;
/** The ring's newest row is this bar, written before its latest changes. */
const STALE_IN_RING = 1;
/** The bar is not in the ring (nor in the log) yet. */
const NOT_IN_RING = 2;

/**
 * Folds a trade (its price, the extremes it reports, its size) into the bar of its time, held
 * in the record at `at` of `d`: with thousands of instruments a trade would otherwise reach
 * three rings out of the cache. A bar goes to `log` when the next one opens, and reaches its
 * ring when the bars are read ({@link syncBars}). `intervalMs` is `bars.intervalMs`, passed so
 * a trade that neither opens a bar nor finds none open does not touch `bars`.
 */
export function addToBar(
  d: Float64Array,
  at: number,
  intervalMs: number,
  bars: Bars,
  log: RingLog,
  ts: number,
  price: number,
  high: number,
  low: number,
  size: number,
): void {
  const t = ts - (ts % intervalMs);
  if (d[at + BAR_T]! < 0) adoptNewest(d, at, bars, log);
  // A late tick belongs to a bar already closed; it updates the open bar instead of
  // reopening history, which consumers have already drawn.
  if (d[at + BAR_T]! < 0 || t > d[at + BAR_T]!) {
    // Closed: it goes to the log unless the ring holds it (it was read while open).
    if (d[at + WRITTEN] === NOT_IN_RING) log.copy(bars, bars.ring, d, at);
    else writeBar(d, at, bars.ring);
    d[at + WRITTEN] = NOT_IN_RING;
    d[at + BAR_T] = t;
    d[at + BAR_O] = d[at + BAR_C] = price;
    d[at + BAR_H] = high;
    d[at + BAR_L] = low;
    d[at + BAR_V] = size;
  } else {
    d[at + BAR_H] = Math.max(d[at + BAR_H]!, high);
    d[at + BAR_L] = Math.min(d[at + BAR_L]!, low);
    d[at + BAR_C] = price;
    d[at + BAR_V] = d[at + BAR_V]! + size;
    if (d[at + WRITTEN] === IN_RING) d[at + WRITTEN] = STALE_IN_RING;
  }
  d[at + UNCOUNTED] = d[at + UNCOUNTED]! + 1;
}

/**
 * Brings `bars` up to date with the record and `log`: the closed bars in the log, then the open
 * bar as its ring's newest row, its updates.
 */
export function syncBars(d: Float64Array, at: number, bars: Bars, log: RingLog): void {
  log.drain(bars, bars.ring);
  writeBar(d, at, bars.ring);
  bars.updates += d[at + UNCOUNTED]!;
  d[at + UNCOUNTED] = 0;
}

/**
 * Drops the bars that were still open at event time `t` and every later one (a replay seek), so
 * no bar carries a price from after the cursor.
 */
export function keepBarsUpTo(
  d: Float64Array,
  at: number,
  bars: Bars,
  log: RingLog,
  t: number,
): void {
  syncBars(d, at, bars, log);
  bars.ring.dropAfter(BAR_T, t - bars.intervalMs);
  d[at + BAR_T] = -1;
  bars.updates++;
}

/**
 * Makes `bar` (its columns in the ring's order) the open bar in the record at `at`: after a
 * seek, the bar open at the new position rebuilt up to it (bar-rebuild.ts). It is in no ring
 * yet; it reaches its ring when the bars are read, and playback's trades fold into it.
 */
export function openBar(d: Float64Array, at: number, bar: readonly number[]): void {
  for (let c = 0; c < BAR_COLUMNS; c++) d[at + c] = bar[c]!;
  d[at + WRITTEN] = NOT_IN_RING;
  d[at + UNCOUNTED] = d[at + UNCOUNTED]! + 1;
}

/**
 * Writes the open bar into the ring if it changed since it was last written there; the ring's
 * rows in the log must have been moved into it first.
 */
function writeBar(d: Float64Array, at: number, ring: ColumnarRing): void {
  const written = d[at + WRITTEN];
  if (written === IN_RING) return;
  d[at + WRITTEN] = IN_RING;
  if (written === STALE_IN_RING) {
    ring.setLast(BAR_H, d[at + BAR_H]!);
    ring.setLast(BAR_L, d[at + BAR_L]!);
    ring.setLast(BAR_C, d[at + BAR_C]!);
    ring.setLast(BAR_V, d[at + BAR_V]!);
  } else {
    ring.push(
      d[at + BAR_T]!,
      d[at + BAR_O]!,
      d[at + BAR_H]!,
      d[at + BAR_L]!,
      d[at + BAR_C]!,
      d[at + BAR_V]!,
    );
  }
}

/**
 * Takes the ring's newest bar as the open one (none was open in the record: a new market, or
 * after a seek), so a late trade still updates it as it would have in the ring.
 */
function adoptNewest(d: Float64Array, at: number, bars: Bars, log: RingLog): void {
  log.drain(bars, bars.ring);
  const ring = bars.ring;
  if (ring.length === 0) return;
  d[at + WRITTEN] = IN_RING;
  d[at + BAR_T] = ring.last(BAR_T);
  d[at + BAR_O] = ring.last(BAR_O);
  d[at + BAR_H] = ring.last(BAR_H);
  d[at + BAR_L] = ring.last(BAR_L);
  d[at + BAR_C] = ring.last(BAR_C);
  d[at + BAR_V] = ring.last(BAR_V);
}
