/**
 * The price points a feed's markets add, in the order they come, before they reach each
 * market's series ring: one append-only Float64Array of (time, price, previous entry of the
 * same market) rows, shared by the feed's markets. With thousands of instruments nearly every
 * tick becomes a series point of its own (docs/PERFORMANCE.md, "Where the rest of the gap
 * is"), and writing it straight into its market's ring was a chain of cache misses per point
 * (the ring, its array, the row); here a point is written at the log's tail, which stays in
 * the cache. A market's points move into its ring when its series is read
 * (`MarketState.series`), or all at once when the log is full, each market's chain in one go,
 * so a ring out of the cache is reached once for many points.
 *
 * The log's memory is fixed ({@link SERIES_LOG_ENTRIES} rows, 24 B each); the rings keep their
 * budget (history-budget.ts), so the points a market holds are bounded as before.
 */
import type { ColumnarRing } from '../../shared/columnar-ring';

/** Rows a feed's log holds before it moves every market's points into the rings (768 KiB). */
export const SERIES_LOG_ENTRIES = 32_768;
/** Numbers per row: time, price, index of the same market's previous row (-1: none). */
const WIDTH = 3;

/** A market as the log sees it: its newest row still in the log, and where its rows go. */
export interface LoggedSeries {
  /** Index of the market's newest row in the log, -1 when all are in its ring. */
  logHead: number;
  /** The market's series ring, without the rows still in the log. */
  readonly seriesRing: ColumnarRing;
}

export class SeriesLog {
  private readonly rows: Float64Array;
  /** A market's row indices, newest first, while its chain is moved (no allocation). */
  private readonly chain: Int32Array;
  private used = 0;
  /** Markets with rows in the log (a market may be listed more than once; see drainAll). */
  private readonly owners: LoggedSeries[] = [];
  private total = 0;

  constructor(readonly capacity = SERIES_LOG_ENTRIES) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`series log capacity must be a positive integer, got ${capacity}`);
    this.rows = new Float64Array(capacity * WIDTH);
    this.chain = new Int32Array(capacity);
  }

  /** Points appended since the log was made: a change in it tells a caller it wrote any. */
  get appended(): number {
    return this.total;
  }

  /** Appends `owner`'s point (t, price), after every point it appended before. */
  append(owner: LoggedSeries, t: number, price: number): void {
    if (this.used === this.capacity) this.drainAll();
    const i = this.used++;
    const at = i * WIDTH;
    this.rows[at] = t;
    this.rows[at + 1] = price;
    this.rows[at + 2] = owner.logHead;
    if (owner.logHead < 0) this.owners.push(owner);
    owner.logHead = i;
    this.total++;
  }

  /** Moves `owner`'s points from the log into its ring, oldest first. */
  drain(owner: LoggedSeries): void {
    let i = owner.logHead;
    if (i < 0) return;
    owner.logHead = -1;
    const rows = this.rows;
    const chain = this.chain;
    let n = 0;
    for (; i >= 0; i = rows[i * WIDTH + 2]!) chain[n++] = i;
    const ring = owner.seriesRing;
    while (n > 0) {
      const at = chain[--n]! * WIDTH;
      ring.push(rows[at]!, rows[at + 1]!);
    }
  }

  /**
   * Moves every market's points into its ring and empties the log. A market drained since it
   * was listed (its series was read) has nothing left and is passed over.
   */
  drainAll(): void {
    for (const owner of this.owners) this.drain(owner);
    this.owners.length = 0;
    this.used = 0;
  }
}
