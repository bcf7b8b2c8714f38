/**
 * A market's current values, read from its record in its feed's table
 * (market-state-columns.ts) rather than kept as fields: with thousands of markets a field
 * holding a double is a heap box of its own in V8, one more cache miss per tick.
 * `MarketHistory` extends it with the history, `MarketState` that with the fold.
 */
import type { MarketRow } from '../../protocol/market-rows';
import type { SeqCell } from './sequence-tracker';
import {
  ASK,
  ASK_SIZE,
  BID,
  BID_SIZE,
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

export class MarketRecord implements SeqCell {
  /** Where this market's numbers live, shared with its feed's other markets. */
  protected columns: MarketColumns;
  /** Offset of this market's record in `columns.data`. */
  protected base: number;
  /** Index of this market's record (its seq in `columns.seqs`). */
  private index: number;

  /** `columns`: the table of the feed the market belongs to; a market alone gets its own. */
  constructor(columns: MarketColumns = new MarketColumns(1)) {
    this.columns = columns;
    this.base = columns.add();
    this.index = this.base / RECORD_WIDTH;
  }

  /**
   * Moves this market's numbers into a record of `columns` (its feed's new table, when the
   * instrument list changed), so a table holds only the markets still listed.
   */
  moveTo(columns: MarketColumns): void {
    if (columns === this.columns) return;
    const base = columns.add();
    const index = base / RECORD_WIDTH;
    columns.data.set(this.columns.data.subarray(this.base, this.base + RECORD_WIDTH), base);
    columns.seqs[index] = this.columns.seqs[this.index]!;
    this.columns = columns;
    this.base = base;
    this.index = index;
  }

  /**
   * The seq of the last event folded into this market (NaN while none is known): the market
   * is its own sequence cell (sequence-tracker.ts), so the fold reaches it with no object of
   * its own between the instrument's lookup and its record.
   */
  get seq(): number {
    return this.columns.seqs[this.index]!;
  }
  set seq(seq: number) {
    this.columns.seqs[this.index] = seq;
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

  /** The current values as a batch row under `id`. */
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
}
