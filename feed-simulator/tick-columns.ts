/**
 * One interval's ticks as columns: the market model writes its quotes and trades here as
 * numbers, the simulation folds them into the instrument states from here, and the tick writer
 * encodes them from here. At a million ticks a second an object per event, alive until its frame
 * was written, survived young-generation GC and cost about as much as generating it; columns in
 * typed arrays reused from interval to interval allocate nothing per tick. Book and sports ticks
 * (a few per instrument a second) stay objects.
 */
import type { BookTick, Tick } from '../protocol/feed';

/** `kinds[i]`: a quote; its values are bid, ask, bidSize, askSize. */
export const COLUMN_QUOTE = 0;
/** A trade at the ask; its values are price, size. */
export const COLUMN_BUY = 1;
/** A trade at the bid; its values are price, size. */
export const COLUMN_SELL = 2;
/** Any other tick, held as the object `objects[values[i * VALUES_PER_TICK]]`. */
export const COLUMN_OBJECT = 3;
/** Numbers in `values` per tick. */
export const VALUES_PER_TICK = 4;

/** The ticks of one interval, in generation order, column by column. */
export interface TickColumns {
  /** Ticks held: rows 0 to length - 1 of each column are valid. */
  readonly length: number;
  /** COLUMN_QUOTE, COLUMN_BUY, COLUMN_SELL or COLUMN_OBJECT. */
  readonly kinds: Uint8Array;
  /** Instrument index. */
  readonly indices: Int32Array;
  readonly seqs: Float64Array;
  readonly stamps: Float64Array;
  /** VALUES_PER_TICK numbers per tick, by kind. */
  readonly values: Float64Array;
  /** The ticks held as objects (COLUMN_OBJECT rows point here). */
  readonly objects: readonly Tick[];
  /** Instrument ids by index. */
  readonly ids: readonly string[];
}

/** Where the market model writes its events (IntervalTicks in the simulator). */
export interface MarketEventSink {
  quote(
    index: number,
    seq: number,
    ts: number,
    bid: number,
    ask: number,
    bidSize: number,
    askSize: number,
  ): void;
  trade(index: number, seq: number, ts: number, price: number, size: number, buy: boolean): void;
  /** A tick that stays an object: the model's book ticks. */
  push(tick: BookTick, index: number): void;
}
