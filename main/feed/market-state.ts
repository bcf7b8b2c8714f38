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
import { addPoint, pushFirst, sealBucket } from './series-bucket';
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
  MarketColumns,
  OPEN,
  RECORD_WIDTH,
  TRADES,
  TS,
  VERSION,
  VOLUME,
} from './market-state-columns';

/**
 * Most points a price series holds (time, price). A long instrument list lowers it (see
 * history-budget.ts); the ring allocates as points arrive.
 */
export const SERIES_CAPACITY = 8_192;
export { SERIES_BUCKET_MS } from './series-bucket';
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
  /** Kept for the alert evaluator (see AlertIndexSlot); the fold never reads them. */
  alertIndex: unknown = undefined;
  alertIndexId: string | null = null;
  alertIndexVersion = 0;
  /** Rises when history was dropped (a replay seek): a consumer's copy must start over. */
  historyEpoch = 0;
  /** True once a snapshot set every value; before that the state holds only what ticks told. */
  complete = false;
  private readonly ring = new ColumnarRing(SERIES_CAPACITY, 2);
  readonly bars: readonly Bars[] = BAR_INTERVALS_MS.map((intervalMs) => ({
    intervalMs,
    ring: new ColumnarRing(BAR_HISTORY, 6),
    updates: 0,
  }));
  /** The book and the trade tape. */
  readonly depth = new DepthState();
  /** Where this market's hot numbers live (market-state-columns.ts), shared with its feed's. */
  private columns: MarketColumns;
  private base: number;

  /** `columns`: the table of the feed the market belongs to; a market alone gets its own. */
  constructor(columns: MarketColumns = new MarketColumns(1)) {
    this.columns = columns;
    this.base = columns.add();
  }

  /**
   * Moves this market's numbers into a record of `columns` (its feed's new table, when the
   * instrument list changed), so a table holds only the markets still listed.
   */
  moveTo(columns: MarketColumns): void {
    if (columns === this.columns) return;
    const base = columns.add();
    columns.data.set(this.columns.data.subarray(this.base, this.base + RECORD_WIDTH), base);
    this.columns = columns;
    this.base = base;
  }

  get bid(): number {
    return this.columns.data[this.base + BID]!;
  }
  get ask(): number {
    return this.columns.data[this.base + ASK]!;
  }
  get bidSize(): number {
    return this.columns.data[this.base + BID_SIZE]!;
  }
  get askSize(): number {
    return this.columns.data[this.base + ASK_SIZE]!;
  }
  get last(): number {
    return this.columns.data[this.base + LAST]!;
  }
  get lastSize(): number {
    return this.columns.data[this.base + LAST_SIZE]!;
  }
  get open(): number {
    return this.columns.data[this.base + OPEN]!;
  }
  get high(): number {
    return this.columns.data[this.base + HIGH]!;
  }
  get low(): number {
    return this.columns.data[this.base + LOW]!;
  }
  get volume(): number {
    return this.columns.data[this.base + VOLUME]!;
  }
  get trades(): number {
    return this.columns.data[this.base + TRADES]!;
  }
  /** Event time of the latest tick or snapshot, epoch ms (0 before any). */
  get ts(): number {
    return this.columns.data[this.base + TS]!;
  }
  /** Rises on every change; batchers compare it with what a consumer saw. */
  get version(): number {
    return this.columns.data[this.base + VERSION]!;
  }

  /** The price series, the open bucket's first point included. */
  get series(): ColumnarRing {
    pushFirst(this.columns.data, this.base, this.ring);
    return this.ring;
  }

  /** Changes how many points the price series holds; lowering it keeps the newest. */
  setSeriesCapacity(points: number): void {
    this.ring.setCapacity(points);
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
      addPoint(d, b, this.ring, tick.ts, mid);
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
      addPoint(d, b, this.ring, tick.ts, tick.price);
      this.depth.applyTrade(tick);
      for (const bars of this.bars) addToBar(bars, tick.ts, tick.price, high, low, tick.size);
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
   * points are the future of the new position). Bars still open at `t` go too, so no bar
   * carries a price from after the cursor; playback reopens them.
   */
  keepHistoryUpTo(t: number): void {
    this.series.dropAfter(SERIES_T, t);
    for (const bars of this.bars) {
      bars.ring.dropAfter(BAR_T, t - bars.intervalMs);
      bars.updates++;
    }
    const d = this.columns.data;
    d[this.base + BUCKET] = -1;
    d[this.base + VERSION] = d[this.base + VERSION]! + 1;
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
    return sealBucket(this.columns.data, this.base, this.ring);
  }

  /** True while a series bucket is open: {@link sealSeries} would write its last points. */
  get bucketOpen(): boolean {
    return this.columns.data[this.base + BUCKET]! >= 0;
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
