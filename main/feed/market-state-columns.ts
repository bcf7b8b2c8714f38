/**
 * The numbers a market's fold touches on every tick (quote, session figures, the open series
 * bucket), kept for all of a feed's markets in one Float64Array, a fixed-width record per
 * market. With thousands of markets each tick lands on a market not in the cache; as fields
 * of a state object each double was a heap box of its own, a chain of dependent cache misses
 * (docs/PERFORMANCE.md, "Cost per tick at 5,000 instruments"). Here a tick's numbers sit in
 * two or three adjacent cache lines, reached from the record's offset with no pointer between.
 *
 * A record's numbers are ordered so a quote writes its first two cache lines only, whether it
 * opens a series bucket or joins one; a trade writes the third too, and the open bar of each
 * interval after it (market-bars.ts).
 */
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import { BAR_COLUMNS } from './market-bars';

/** End of the open series bucket, ms (its first point excluded); -1 when none is open. */
export const BUCKET = 0;
/** Points the open bucket has seen. */
export const COUNT = 1;
// Each of the bucket's points as (time, price), a series ring's columns in its order, so the
// seal copies a point from the record into the log (series-bucket.ts).
export const LAST_AT = 2;
export const LAST_PRICE = 3;
export const LO_AT = 4;
export const LO = 5;
export const HI_AT = 6;
export const HI = 7;
export const BID = 8;
export const ASK = 9;
export const BID_SIZE = 10;
export const ASK_SIZE = 11;
export const TS = 12;
export const VERSION = 13;
export const OPEN = 14;
/**
 * 1 while the open bucket's first point is not yet in the series ring: it goes there when the
 * bucket gets a second point or is sealed, or the ring is read, so a tick that opens a bucket
 * (nearly every tick, with thousands of instruments) does not reach the ring.
 */
export const PENDING = 15;
/** Where in the open bucket its low and high came; set when its second point arrives. */
export const LO_INDEX = 16;
export const HI_INDEX = 17;
export const HIGH = 18;
export const LOW = 19;
export const LAST = 20;
export const LAST_SIZE = 21;
export const VOLUME = 22;
export const TRADES = 23;
/**
 * The open bar of each interval of `BAR_INTERVALS_MS`, shortest first: {@link BAR_BLOCK}
 * numbers each from here (their layout is market-bars.ts's).
 */
export const OPEN_BARS = 24;
/** A bar's columns, its dirty mark and its uncounted updates (market-bars.ts). */
export const BAR_BLOCK = BAR_COLUMNS + 2;
/** Numbers per record (384 B: six cache lines). */
export const RECORD_WIDTH = OPEN_BARS + BAR_INTERVALS_MS.length * BAR_BLOCK;

/** Records a table allocates before its first doubling. */
const INITIAL_RECORDS = 16;

export class MarketColumns {
  /** Every record, one after another; replaced (not resized) when the table doubles. */
  data: Float64Array;
  /**
   * The seq of each record's last event folded (NaN while none is known), by record index: a
   * column of its own rather than a 49th number per record, which would put a quote's numbers
   * on a third cache line. 8 B a market, so 5,000 markets' seqs (40 KB) stay in the cache.
   */
  seqs: Float64Array;
  private records = 0;

  constructor(initialRecords = INITIAL_RECORDS) {
    if (!Number.isInteger(initialRecords) || initialRecords < 1)
      throw new RangeError(`initial records must be a positive integer, got ${initialRecords}`);
    this.data = new Float64Array(initialRecords * RECORD_WIDTH);
    this.seqs = new Float64Array(initialRecords);
  }

  /** Records handed out so far. */
  get length(): number {
    return this.records;
  }

  /**
   * A new record's offset in {@link data} (its index in {@link seqs} is offset / RECORD_WIDTH),
   * its numbers 0 but {@link BUCKET} and each open bar's time (-1: none open), its seq NaN.
   * Doubles the table when full, so a feed's markets cost a logarithmic number of copies;
   * offsets stay valid across a doubling.
   */
  add(): number {
    const index = this.records;
    const base = index * RECORD_WIDTH;
    if (base === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
      const seqs = new Float64Array(this.seqs.length * 2);
      seqs.set(this.seqs);
      this.seqs = seqs;
    }
    this.records++;
    this.seqs[index] = NaN;
    this.data[base + BUCKET] = -1;
    for (let k = 0; k < BAR_INTERVALS_MS.length; k++)
      this.data[base + OPEN_BARS + k * BAR_BLOCK] = -1;
    return base;
  }
}
