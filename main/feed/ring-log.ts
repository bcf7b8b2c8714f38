/**
 * Rows on their way into many rings (a feed's series points, tape trades, closed bars), in the
 * order they come: one append-only Float64Array of rows (the ring's columns) and beside it the
 * index of the same owner's previous row (an Int32Array: 4 B a row rather than a ninth of a
 * series row's line), shared by the feed's markets. With thousands of instruments
 * nearly every tick writes a row for an instrument out of the cache (docs/PERFORMANCE.md,
 * "Where the rest of the gap is"), and writing it straight into its ring was a chain of cache
 * misses per row (the ring, its array, the row); here a row is written at the log's tail,
 * which stays in the cache. An owner's rows move into its ring when it is read
 * ({@link RingLog.drain}), or every owner's at once when the log is full, each owner's chain in
 * one go, so a ring out of the cache is reached once for many rows.
 *
 * The log's memory is fixed (`capacity` rows); the rings keep their own bounds, so what an
 * instrument holds is bounded as before.
 */
import { type ColumnarRing, MAX_COLUMNS } from '../../shared/columnar-ring';

/** Rows a feed's log holds before it moves every owner's rows into their rings. */
export const RING_LOG_ENTRIES = 32_768;

/** A ring's holder as the log sees it: its newest row still in the log. */
export interface LoggedRing {
  /** Index of the owner's newest row in the log, -1 when all are in its ring. */
  logHead: number;
}

export class RingLog {
  /** Every row, one after another: a row's columns (see {@link add}). */
  readonly rows: Float64Array;
  /** Each row's link: the index of the same owner's previous row, -1 for its first. */
  private readonly links: Int32Array;
  /** An owner's row indices, newest first, while its chain is moved (no allocation). */
  private readonly chain: Int32Array;
  private used = 0;
  /** Owners with rows in the log and their rings (an owner may be listed twice; see drainAll). */
  private readonly owners: LoggedRing[] = [];
  private readonly rings: ColumnarRing[] = [];
  private total = 0;

  /** `columns`: the rings' (the log fills those a ring has, in its order). */
  constructor(
    readonly columns: number,
    readonly capacity = RING_LOG_ENTRIES,
  ) {
    if (!Number.isInteger(columns) || columns < 1 || columns > MAX_COLUMNS)
      throw new RangeError(`ring log columns must be 1 to ${MAX_COLUMNS}, got ${columns}`);
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring log capacity must be a positive integer, got ${capacity}`);
    this.rows = new Float64Array(capacity * columns);
    this.links = new Int32Array(capacity);
    this.chain = new Int32Array(capacity);
  }

  /** Rows appended since the log was made: a change in it tells a caller it wrote any. */
  get appended(): number {
    return this.total;
  }

  /**
   * Appends a row for `owner`'s `ring`, after every row it appended before, and returns its
   * offset in {@link rows}, where the caller writes the ring's columns straight from where
   * they are (the tick, the market's record) with no call in between.
   */
  add(owner: LoggedRing, ring: ColumnarRing): number {
    if (this.used === this.capacity) this.drainAll();
    const i = this.used++;
    this.links[i] = owner.logHead;
    if (owner.logHead < 0) {
      this.owners.push(owner);
      this.rings.push(ring);
    }
    owner.logHead = i;
    this.total++;
    return i * this.columns;
  }

  /** Appends a row for `owner`'s `ring` copied from `from`, its columns in order from `at`. */
  copy(owner: LoggedRing, ring: ColumnarRing, from: Float64Array, at: number): void {
    const to = this.add(owner, ring);
    const rows = this.rows;
    for (let k = 0; k < this.columns; k++) rows[to + k] = from[at + k]!;
  }

  /**
   * Moves `owner`'s rows from the log into `ring`, oldest first, each copied column by column
   * (`ring` must have the log's columns).
   */
  drain(owner: LoggedRing, ring: ColumnarRing): void {
    let i = owner.logHead;
    if (i < 0) return;
    const { rows, chain, links, columns } = this;
    if (ring.columnCount !== columns)
      throw new RangeError(
        `a ring of ${ring.columnCount} columns drained from a log of ${columns}`,
      );
    owner.logHead = -1;
    let n = 0;
    for (; i >= 0; i = links[i]!) chain[n++] = i;
    while (n > 0) {
      ring.pushFrom(rows, chain[--n]! * columns);
    }
  }

  /**
   * Moves every owner's rows into its ring and empties the log. An owner drained since it was
   * listed (its ring was read) has nothing left and is passed over.
   */
  drainAll(): void {
    for (let k = 0; k < this.owners.length; k++) this.drain(this.owners[k]!, this.rings[k]!);
    this.owners.length = 0;
    this.rings.length = 0;
    this.used = 0;
  }
}
