/**
 * The folded state of one market instrument: latest quote and trade, session figures, a
 * price series and OHLCV bars, all in bounded ring buffers whatever the tick rate. Its current
 * values live in its record (market-record.ts), its bars in market-bars.ts, its open series
 * bucket in series-bucket.ts; this module folds ticks and snapshots into them.
 */
import type { MarketSnapshotState, MarketTick } from '../../protocol/feed';
import { ColumnarRing } from '../../shared/columnar-ring';
import type { AlertIndexSlot } from '../alerts/alert-index-slot';
import { DepthState } from './depth-state';
import { type Bars, createBars, keepBarsUpTo } from './market-bars';
import { foldMarketTick } from './market-fold';
import { MarketRecord } from './market-record';
import {
  ASK,
  ASK_SIZE,
  BID,
  BID_SIZE,
  BUCKET,
  HIGH,
  LAST,
  LAST_SIZE,
  LOW,
  OPEN,
  TRADES,
  TS,
  VERSION,
  VOLUME,
} from './market-state-columns';
import { pushFirst, sealBucket } from './series-bucket';

/**
 * Most points a price series holds (time, price). A long instrument list lowers it (see
 * history-budget.ts); the ring allocates as points arrive.
 */
export const SERIES_CAPACITY = 8_192;
/** Columns of {@link MarketState.series}. */
export const SERIES_T = 0;
export const SERIES_PRICE = 1;
// The market's front door: its readers take the bars' and the bucket's figures from here.
export { SERIES_BUCKET_MS } from './series-bucket';
export { BAR_C, BAR_H, BAR_HISTORY, BAR_L, BAR_O, BAR_T, BAR_V, type Bars } from './market-bars';

export class MarketState extends MarketRecord implements AlertIndexSlot {
  /** Kept for the alert evaluator (see AlertIndexSlot); the fold never reads them. */
  alertIndex: unknown = undefined;
  alertIndexId: string | null = null;
  alertIndexVersion = 0;
  /** Rises when history was dropped (a replay seek): a consumer's copy must start over. */
  historyEpoch = 0;
  /** True once a snapshot set every value; before that the state holds only what ticks told. */
  complete = false;
  /**
   * The price series without the open bucket's pending first point: the fold's
   * (series-bucket.ts). Readers take {@link series}, which puts that point in first.
   */
  readonly seriesRing = new ColumnarRing(SERIES_CAPACITY, 2);
  readonly bars: readonly Bars[] = createBars();
  /** The book and the trade tape. */
  readonly depth = new DepthState();

  /** The price series, the open bucket's first point included. */
  get series(): ColumnarRing {
    pushFirst(this.columns.data, this.base, this.seriesRing);
    return this.seriesRing;
  }

  /** Changes how many points the price series holds; lowering it keeps the newest. */
  setSeriesCapacity(points: number): void {
    this.seriesRing.setCapacity(points);
  }

  /** Folds one tick (market-fold.ts); true when it opened a series bucket. */
  applyTick(tick: MarketTick): boolean {
    return foldMarketTick(this.columns.data, this.base, tick, this);
  }

  /** Replaces the current values; the history (series, bars) stays, it is still true. */
  applySnapshot(state: MarketSnapshotState): void {
    const d = this.columns.data;
    const b = this.base;
    d[b + BID] = state.bid;
    d[b + ASK] = state.ask;
    d[b + BID_SIZE] = state.bidSize;
    d[b + ASK_SIZE] = state.askSize;
    d[b + OPEN] = state.open;
    d[b + HIGH] = state.high;
    d[b + LOW] = state.low;
    d[b + LAST] = state.last;
    d[b + LAST_SIZE] = state.lastSize;
    d[b + VOLUME] = state.volume;
    d[b + TRADES] = state.trades;
    d[b + TS] = state.ts;
    this.depth.applySnapshot(state.book);
    this.complete = true;
    d[b + VERSION] = d[b + VERSION]! + 1;
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
    for (const bars of this.bars) keepBarsUpTo(bars, t);
    const d = this.columns.data;
    d[this.base + BUCKET] = -1;
    d[this.base + VERSION] = d[this.base + VERSION]! + 1;
    this.historyEpoch++;
  }

  /**
   * Ends the bucket in progress, writing its extremes and last point; true if it wrote any.
   * Called before every batch so no consumer's series stops short of the latest price.
   */
  sealSeries(): boolean {
    return sealBucket(this.columns.data, this.base, this.seriesRing);
  }

  /** True while a series bucket is open: {@link sealSeries} would write its last points. */
  get bucketOpen(): boolean {
    return this.columns.data[this.base + BUCKET]! >= 0;
  }
}
