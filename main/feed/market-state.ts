/**
 * The folded state of one market instrument: latest quote and trade, session figures, a
 * price series and OHLCV bars, all in bounded ring buffers whatever the tick rate. Its current
 * values live in its record (market-record.ts), its bars in market-bars.ts, its open series
 * bucket in series-bucket.ts; this module folds ticks and snapshots into them.
 */
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import type { MarketSnapshotState, MarketTick } from '../../protocol/feed';
import { ColumnarRing } from '../../shared/columnar-ring';
import type { AlertIndexSlot } from '../alerts/alert-index-slot';
import { DepthState } from './depth-state';
import { addToBar, type Bars, createBars, keepBarsUpTo, syncBars } from './market-bars';
import { MarketRecord } from './market-record';
import type { MarketColumns } from './market-state-columns';
import {
  ASK,
  ASK_SIZE,
  BAR_BLOCK,
  BID,
  BID_SIZE,
  BUCKET,
  HIGH,
  LAST,
  LAST_SIZE,
  LOW,
  OPEN,
  OPEN_BARS,
  TRADES,
  TS,
  VERSION,
  VOLUME,
} from './market-state-columns';
import { MarketLogs } from './market-logs';
import {
  addPoint,
  SERIES_BUCKET_MS,
  SERIES_COLUMNS,
  SERIES_WATCH_SEALS,
  SERIES_WIDE_BUCKET_MS,
  sealBucket,
  type SeriesOwner,
} from './series-bucket';

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

/** Log rows of a market made alone (tests, tools); a feed's markets share the feed's log. */
const OWN_LOG_ENTRIES = 64;

export class MarketState extends MarketRecord implements AlertIndexSlot, SeriesOwner {
  /** Kept for the alert evaluator (see AlertIndexSlot); the fold never reads them. */
  alertIndex: unknown = undefined;
  alertIndexId: string | null = null;
  alertIndexVersion = 0;
  /** Rises when history was dropped (a replay seek): a consumer's copy must start over. */
  historyEpoch = 0;
  /** True once a snapshot set every value; before that the state holds only what ticks told. */
  complete = false;
  /** The series ring without the points still in the log: readers use {@link series}. */
  readonly seriesRing = new ColumnarRing(SERIES_CAPACITY, SERIES_COLUMNS);
  /** See LoggedRing: the newest of this market's points still in the series log. */
  logHead = -1;
  /** The feed's seal count when the series was last read: how long nobody has shown it. */
  private seriesReadAt: number;
  private readonly barRings: readonly Bars[] = createBars();
  /** The book and the trade tape. */
  readonly depth: DepthState;
  /** Where the series' points, the tape's trades and closed bars wait for their rings. */
  private readonly logs: MarketLogs;

  /** `columns` and `logs`: the feed's, shared with its other markets; a market alone gets its own. */
  constructor(columns?: MarketColumns, logs: MarketLogs = new MarketLogs(OWN_LOG_ENTRIES)) {
    super(columns);
    this.logs = logs;
    this.seriesReadAt = logs.seals;
    this.depth = new DepthState(logs.tape);
  }

  /**
   * The bars of each interval, the open one included (it waits in the record, the closed ones
   * in the bar log: market-bars.ts).
   */
  get bars(): readonly Bars[] {
    const d = this.columns.data;
    this.barRings.forEach((bars, k) =>
      syncBars(d, this.base + OPEN_BARS + k * BAR_BLOCK, bars, this.logs.bars),
    );
    return this.barRings;
  }

  /**
   * The price series, every point folded so far included: the open bucket is sealed, so an
   * instrument shown again after a while (its buckets wide) shows all its history at once.
   */
  get series(): ColumnarRing {
    this.seriesReadAt = this.logs.seals;
    sealBucket(this.columns.data, this.base, this.logs.series, this);
    this.logs.series.drain(this, this.seriesRing);
    return this.seriesRing;
  }

  /** True while a consumer has read the series lately: its buckets are then narrow. */
  private get seriesShown(): boolean {
    return this.logs.seals - this.seriesReadAt <= SERIES_WATCH_SEALS;
  }

  /**
   * Changes how many points the price series holds; lowering it keeps the newest (points
   * still in the log are newer than the ring's, and push out its oldest when they arrive).
   */
  setSeriesCapacity(points: number): void {
    this.seriesRing.setCapacity(points);
  }

  applyTick(tick: MarketTick): void {
    const d = this.columns.data;
    const b = this.base;
    if (tick.kind === 'quote') {
      const mid = (tick.bid + tick.ask) / 2;
      d[b + BID] = tick.bid;
      d[b + ASK] = tick.ask;
      d[b + BID_SIZE] = tick.bidSize;
      d[b + ASK_SIZE] = tick.askSize;
      if (d[b + OPEN] === 0) d[b + OPEN] = d[b + HIGH] = d[b + LOW] = mid;
      addPoint(d, b, this.logs.series, this, this.bucketWidthMs(), tick.ts, mid);
    } else if (tick.kind === 'book') {
      this.depth.applyBook(tick);
    } else {
      const high = tick.high ?? tick.price;
      const low = tick.low ?? tick.price;
      if (d[b + OPEN] === 0) d[b + OPEN] = d[b + HIGH] = d[b + LOW] = tick.price;
      d[b + LAST] = tick.price;
      d[b + LAST_SIZE] = tick.size;
      d[b + HIGH] = Math.max(d[b + HIGH]!, high);
      d[b + LOW] = Math.min(d[b + LOW]!, low);
      d[b + VOLUME] = d[b + VOLUME]! + tick.size;
      d[b + TRADES] = d[b + TRADES]! + (tick.count ?? 1);
      addPoint(d, b, this.logs.series, this, this.bucketWidthMs(), tick.ts, tick.price);
      this.depth.applyTrade(tick);
      for (let k = 0; k < BAR_INTERVALS_MS.length; k++) {
        const at = b + OPEN_BARS + k * BAR_BLOCK;
        addToBar(
          d,
          at,
          BAR_INTERVALS_MS[k]!,
          this.barRings[k]!,
          this.logs.bars,
          tick.ts,
          tick.price,
          high,
          low,
          tick.size,
        );
      }
    }
    if (tick.ts > d[b + TS]!) d[b + TS] = tick.ts;
    d[b + VERSION] = d[b + VERSION]! + 1;
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
   * points and trades are the future of the new position). Bars still open at `t` go too, so
   * no bar carries a price from after the cursor; playback reopens them.
   */
  keepHistoryUpTo(t: number): void {
    this.series.dropAfter(SERIES_T, t);
    this.depth.keepTradesUpTo(t);
    const d = this.columns.data;
    this.barRings.forEach((bars, k) =>
      keepBarsUpTo(d, this.base + OPEN_BARS + k * BAR_BLOCK, bars, this.logs.bars, t),
    );
    d[this.base + BUCKET] = -1;
    d[this.base + VERSION] = d[this.base + VERSION]! + 1;
    this.historyEpoch++;
  }

  /**
   * Ends the bucket in progress, writing its extremes and last point; true if it wrote any.
   * Called before every batch so no consumer's series stops short of the latest price; a
   * series nobody reads lately keeps its (wide) bucket open: a read seals it.
   */
  sealSeries(): boolean {
    if (!this.seriesShown) return false;
    return sealBucket(this.columns.data, this.base, this.logs.series, this);
  }

  private bucketWidthMs(): number {
    return this.seriesShown ? SERIES_BUCKET_MS : SERIES_WIDE_BUCKET_MS;
  }

  /** True while a series bucket is open: {@link sealSeries} would write its last points. */
  get bucketOpen(): boolean {
    return this.columns.data[this.base + BUCKET]! >= 0;
  }
}
