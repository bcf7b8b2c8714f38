/**
 * The folded state of one market instrument: latest quote and trade and session figures in
 * its record (market-record.ts), its series, bars and tape in its history (market-history.ts);
 * this module folds ticks and snapshots into them.
 */
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import type { MarketSnapshotState, MarketTick } from '../../protocol/feed';
import type { AlertIndexSlot } from '../alerts/alert-index-slot';
import { addToBar } from './market-bars';
import { MarketHistory } from './market-history';
import {
  ASK,
  ASK_SIZE,
  BAR_BLOCK,
  BID,
  BID_SIZE,
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
import { addPoint } from './series-bucket';

export class MarketState extends MarketHistory implements AlertIndexSlot {
  /** Kept for the alert evaluator (see AlertIndexSlot); the fold never reads them. */
  alertIndex: unknown = undefined;
  alertIndexId: string | null = null;
  alertIndexVersion = 0;
  /** True once a snapshot set every value; before that the state holds only what ticks told. */
  complete = false;
  /**
   * The version its last snapshot left: while the state is still at it, no tick changed it
   * since, and its `ts` is the snapshot's, whose age is no latency (bug 236).
   */
  snapshotVersion = -1;

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

  /**
   * Replaces the current values; the history (series, bars) stays, it is still true. A seek's
   * snapshot also ends the series at the cursor's price: the last trade's, as the row shows it,
   * or the mid of an instrument never traded.
   */
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
    if (this.pointAtSnapshot) {
      this.pointAtSnapshot = false;
      const price = state.trades > 0 ? state.last : (state.bid + state.ask) / 2;
      if (price > 0) addPoint(d, b, this.logs.series, this, this.bucketWidthMs(), state.ts, price);
    }
    this.complete = true;
    d[b + VERSION] = d[b + VERSION]! + 1;
    this.snapshotVersion = d[b + VERSION]!;
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
}
