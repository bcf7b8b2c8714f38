/**
 * The folded state of one market instrument: latest quote and trade, session figures, a
 * price series and OHLCV bars, all in bounded ring buffers whatever the tick rate.
 */
import type { BarIntervalMs, MarketRow } from '../../protocol/batch';
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import type { MarketSnapshotState, MarketTick } from '../../protocol/feed';
import { ColumnarRing } from '../../shared/columnar-ring';
import type { AlertIndexSlot } from '../alerts/alert-index-slot';
import { DepthState } from './depth-state';

/**
 * Most points a price series holds (time, price). A long instrument list lowers it (see
 * history-budget.ts); the ring allocates as points arrive.
 */
export const SERIES_CAPACITY = 8_192;
/**
 * Ingest resolution of the series, ms. A bucket keeps at most its first point, its extremes
 * and its last point (4 points), so 10k ticks/s on one instrument still leaves a minute or
 * more of history in the ring, and a chart loses no spike. A bucket also ends at every batch
 * ({@link MarketState.sealSeries}), so the series always ends at the latest price.
 */
export const SERIES_BUCKET_MS = 50;
/** Bars held per interval (allocated as bars open). */
export const BAR_HISTORY = 64;

/** Columns of {@link MarketState.series}. */
export const SERIES_T = 0;
export const SERIES_PRICE = 1;
/** Columns of a bar ring. */
export const BAR_T = 0;
export const BAR_O = 1;
export const BAR_H = 2;
export const BAR_L = 3;
export const BAR_C = 4;
export const BAR_V = 5;

/** Bars of one interval; `updates` rises whenever a bar opens or changes. */
export interface Bars {
  readonly intervalMs: BarIntervalMs;
  readonly ring: ColumnarRing;
  updates: number;
}

export class MarketState implements AlertIndexSlot {
  bid = 0;
  ask = 0;
  bidSize = 0;
  askSize = 0;
  last = 0;
  lastSize = 0;
  open = 0;
  high = 0;
  low = 0;
  volume = 0;
  trades = 0;
  /** Event time of the latest tick or snapshot, epoch ms (0 before any). */
  ts = 0;
  /** Rises on every change; batchers compare it with what a consumer saw. */
  version = 0;
  /** Kept for the alert evaluator (see AlertIndexSlot); the fold never reads them. */
  alertIndex: unknown = undefined;
  alertIndexId: string | null = null;
  alertIndexVersion = 0;
  /** Rises when history was dropped (a replay seek): a consumer's copy must start over. */
  historyEpoch = 0;
  /** True once a snapshot set every value; before that the state holds only what ticks told. */
  complete = false;
  readonly series = new ColumnarRing(SERIES_CAPACITY, 2);
  readonly bars: readonly Bars[] = BAR_INTERVALS_MS.map((intervalMs) => ({
    intervalMs,
    ring: new ColumnarRing(BAR_HISTORY, 6),
    updates: 0,
  }));
  /** The book and the trade tape. */
  readonly depth = new DepthState();

  // The series bucket in progress: its first point is already in the ring; extremes and the
  // last point follow when it is sealed. Points are told apart by their index in the bucket,
  // not their time: many ticks share a millisecond.
  private bucket = -1;
  private count = 0;
  private lo = 0;
  private loAt = 0;
  private loIndex = 0;
  private hi = 0;
  private hiAt = 0;
  private hiIndex = 0;
  private lastPrice = 0;
  private lastAt = 0;

  /** Changes how many points the price series holds; lowering it keeps the newest. */
  setSeriesCapacity(points: number): void {
    this.series.setCapacity(points);
  }

  applyTick(tick: MarketTick): void {
    if (tick.kind === 'quote') {
      this.bid = tick.bid;
      this.ask = tick.ask;
      this.bidSize = tick.bidSize;
      this.askSize = tick.askSize;
      if (this.open === 0) this.open = this.high = this.low = (tick.bid + tick.ask) / 2;
      this.addPoint(tick.ts, (tick.bid + tick.ask) / 2);
    } else if (tick.kind === 'book') {
      this.depth.applyBook(tick);
    } else {
      const high = tick.high ?? tick.price;
      const low = tick.low ?? tick.price;
      if (this.open === 0) this.open = this.high = this.low = tick.price;
      this.last = tick.price;
      this.lastSize = tick.size;
      this.high = Math.max(this.high, high);
      this.low = Math.min(this.low, low);
      this.volume += tick.size;
      this.trades += tick.count ?? 1;
      this.addPoint(tick.ts, tick.price);
      this.depth.applyTrade(tick);
      for (const bars of this.bars) addToBar(bars, tick.ts, tick.price, high, low, tick.size);
    }
    if (tick.ts > this.ts) this.ts = tick.ts;
    this.version++;
  }

  /** Replaces the current values; the history (series, bars) stays, it is still true. */
  applySnapshot(state: MarketSnapshotState): void {
    this.bid = state.bid;
    this.ask = state.ask;
    this.bidSize = state.bidSize;
    this.askSize = state.askSize;
    this.open = state.open;
    this.high = state.high;
    this.low = state.low;
    this.last = state.last;
    this.lastSize = state.lastSize;
    this.volume = state.volume;
    this.trades = state.trades;
    this.ts = state.ts;
    this.depth.applySnapshot(state.book);
    this.complete = true;
    this.version++;
  }

  /** The current values as a protocol snapshot state (what a fresh subscriber would get). */
  toSnapshot(): MarketSnapshotState {
    return {
      kind: 'market',
      bid: this.bid,
      ask: this.ask,
      bidSize: this.bidSize,
      askSize: this.askSize,
      open: this.open,
      high: this.high,
      low: this.low,
      last: this.last,
      lastSize: this.lastSize,
      volume: this.volume,
      trades: this.trades,
      ts: this.ts,
      ...(this.depth.bookValid && this.depth.book !== null && { book: this.depth.book.top() }),
    };
  }

  /**
   * Keeps the history up to event time `t` and drops what came after it (a replay seek: later
   * points are the future of the new position). Bars still open at `t` go too, so no bar
   * carries a price from after the cursor; playback reopens them.
   */
  keepHistoryUpTo(t: number): void {
    this.series.dropAfter(SERIES_T, t);
    for (const bars of this.bars) {
      bars.ring.dropAfter(BAR_T, t - bars.intervalMs);
      bars.updates++;
    }
    this.bucket = -1;
    this.version++;
    this.historyEpoch++;
  }

  row(id: string): MarketRow {
    return {
      id,
      bid: this.bid,
      ask: this.ask,
      bidSize: this.bidSize,
      askSize: this.askSize,
      last: this.last,
      open: this.open,
      high: this.high,
      low: this.low,
      volume: this.volume,
      trades: this.trades,
      ts: this.ts,
    };
  }

  /**
   * Ends the bucket in progress, writing its extremes and last point; true if it wrote any.
   * Called before every batch so no consumer's series stops short of the latest price.
   */
  sealSeries(): boolean {
    if (this.bucket < 0) return false;
    this.bucket = -1;
    const end = this.series.end;
    // Points go in bucket order; index 0 (the first point) is already in the ring. Sealing
    // runs for every instrument that ticked in a batch, so it allocates nothing.
    const loFirst = this.loIndex <= this.hiIndex;
    let written = this.pushAfter(0, loFirst ? this.loIndex : this.hiIndex, loFirst);
    written = this.pushAfter(written, loFirst ? this.hiIndex : this.loIndex, !loFirst);
    if (this.count - 1 > written) this.series.push(this.lastAt, this.lastPrice);
    if (this.series.end === end) return false;
    this.version++;
    return true;
  }

  /** True while a series bucket is open: {@link sealSeries} would write its last points. */
  get bucketOpen(): boolean {
    return this.bucket >= 0;
  }

  /** Writes the bucket's low (or high) point if it comes after index `written`; the new index. */
  private pushAfter(written: number, index: number, low: boolean): number {
    if (index <= written) return written;
    if (low) this.series.push(this.loAt, this.lo);
    else this.series.push(this.hiAt, this.hi);
    return index;
  }

  private addPoint(t: number, price: number): void {
    const bucket = Math.floor(t / SERIES_BUCKET_MS);
    // A late tick (earlier bucket) joins the open bucket rather than rewriting history.
    if (this.bucket >= 0 && bucket <= this.bucket) {
      const index = this.count++;
      if (price < this.lo) {
        this.lo = price;
        this.loAt = t;
        this.loIndex = index;
      } else if (price > this.hi) {
        this.hi = price;
        this.hiAt = t;
        this.hiIndex = index;
      }
      this.lastPrice = price;
      this.lastAt = t;
      return;
    }
    this.sealSeries();
    this.bucket = bucket;
    this.count = 1;
    this.lo = this.hi = this.lastPrice = price;
    this.loAt = this.hiAt = this.lastAt = t;
    this.loIndex = this.hiIndex = 0;
    this.series.push(t, price);
  }
}

function addToBar(bars: Bars, ts: number, price: number, high: number, low: number, size: number) {
  const ring = bars.ring;
  const t = ts - (ts % bars.intervalMs);
  // A late tick belongs to a bar already closed; it updates the open bar instead of
  // reopening history, which consumers have already drawn.
  if (ring.length === 0 || t > ring.last(BAR_T)) {
    ring.push(t, price, high, low, price, size);
  } else {
    ring.setLast(BAR_H, Math.max(ring.last(BAR_H), high));
    ring.setLast(BAR_L, Math.min(ring.last(BAR_L), low));
    ring.setLast(BAR_C, price);
    ring.setLast(BAR_V, ring.last(BAR_V) + size);
  }
  bars.updates++;
}
