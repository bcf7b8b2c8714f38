/**
 * A market's history: its price series, its OHLCV bars and its book and trade tape, each in a
 * bounded ring whatever the tick rate, read by consumers and kept up to a replay's position.
 * The series' open bucket waits in the record (series-bucket.ts), the open bars too
 * (market-bars.ts); `MarketState` folds ticks into them.
 */
import { ColumnarRing } from '../../shared/columnar-ring';
import { DepthState, TAPE_COLUMNS } from './depth-state';
import { appendNewer, barUpTo, seekBarAt, type SeekMarket } from './bar-rebuild';
import { BAR_COLUMNS, type Bars, createBars, keepBarsUpTo, openBar, syncBars } from './market-bars';
import { MarketLogs } from './market-logs';
import { MarketRecord } from './market-record';
import type { MarketColumns } from './market-state-columns';
import { BAR_BLOCK, BUCKET, OPEN_BARS, VERSION } from './market-state-columns';
import {
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
/** Columns of {@link MarketHistory.series}. */
export const SERIES_T = 0;
export const SERIES_PRICE = 1;

/** Log rows of a market made alone (tests, tools); a feed's markets share the feed's log. */
const OWN_LOG_ENTRIES = 64;

export class MarketHistory extends MarketRecord implements SeriesOwner {
  /** Rises when history was dropped (a replay seek): a consumer's copy must start over. */
  historyEpoch = 0;
  /** The series ring without the points still in the log: readers use {@link series}. */
  readonly seriesRing = new ColumnarRing(SERIES_CAPACITY, SERIES_COLUMNS);
  /** See LoggedRing: the newest of this market's points still in the series log. */
  logHead = -1;
  /** The feed's seal count when the series was last read: how long nobody has shown it. */
  private seriesReadAt: number;
  protected readonly barRings: readonly Bars[] = createBars();
  /** The book and the trade tape. */
  readonly depth: DepthState;
  /** Where the series' points, the tape's trades and closed bars wait for their rings. */
  protected readonly logs: MarketLogs;
  /**
   * Set by a seek: the next snapshot (the seek's, the state at the cursor) is also a point of
   * the series, so the price line, its head and the view that follows its newest point reach
   * the cursor (bug 265: sought forward, they stayed at the last point played).
   */
  protected pointAtSnapshot = false;

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

  /**
   * Keeps the history up to event time `t` and drops what came after it (a replay seek: later
   * points and trades are the future of the new position). A bar still open at `t` is rebuilt
   * from what came up to `t`, so no bar carries a price from after the cursor and, paused
   * there, the candles reach it as the tape does (bug 192: the first candle was dropped, and
   * the pane said "No trades yet" beside a tape of trades); playback goes on folding into it.
   * `rebuilt`: this market's history at `t` as read from the recording (bar-rebuild.ts's
   * `SeekBars`): its series, closed bars and last trades extend the rings where they stop short
   * of `t`, and its bars open at `t` stand for the intervals what is held cannot rebuild.
   */
  keepHistoryUpTo(t: number, rebuilt?: SeekMarket): void {
    const series = this.series;
    series.dropAfter(SERIES_T, t);
    appendNewer(series, rebuilt?.points, SERIES_COLUMNS, t + 1);
    this.depth.keepTradesUpTo(t);
    const tape = this.depth.tape;
    appendNewer(tape, rebuilt?.trades, TAPE_COLUMNS, t + 1);
    const d = this.columns.data;
    const at = (k: number) => this.base + OPEN_BARS + k * BAR_BLOCK;
    this.barRings.forEach((bars, k) => {
      keepBarsUpTo(d, at(k), bars, this.logs.bars, t);
      appendNewer(bars.ring, rebuilt?.closed?.[k], BAR_COLUMNS, t - (t % bars.intervalMs));
    });
    // Only once every interval is cut: a bar is rebuilt from the shorter intervals' closed bars.
    this.barRings.forEach(({ intervalMs }, k) => {
      const bar =
        barUpTo(this.barRings, k, tape, t) ?? seekBarAt(rebuilt?.open?.[k], intervalMs, t);
      if (bar) openBar(d, at(k), bar);
    });
    d[this.base + BUCKET] = -1;
    d[this.base + VERSION] = d[this.base + VERSION]! + 1;
    this.pointAtSnapshot = true;
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

  /** True while a series bucket is open: {@link sealSeries} would write its last points. */
  get bucketOpen(): boolean {
    return this.columns.data[this.base + BUCKET]! >= 0;
  }

  /** How wide the series' next bucket is: narrow while the series is shown. */
  protected bucketWidthMs(): number {
    return this.seriesShown ? SERIES_BUCKET_MS : SERIES_WIDE_BUCKET_MS;
  }
}
