/**
 * A columnar ring of numbers with a bounded capacity: the engine's price series, bars and odds,
 * and the renderer's chart series are all kept in it, so history costs no more memory after a
 * month than the capacity allows. Rows are addressed by an absolute index that only rises
 * ({@link start} to {@link end}); a reader keeps the index it saw last as a cursor and asks
 * what followed it, and watches {@link generation} (bumped by {@link clear}) to know when to
 * start over and {@link version} (bumped by every change) to know whether to redraw.
 *
 * Memory is allocated on demand (ring-memory.ts). The capacity can be changed later
 * ({@link setCapacity}); lowering it keeps the newest rows.
 */
import { INITIAL_ROWS, checkCapacity, grownRows, moveRows } from './ring-memory';

/** Most columns a ring may have: {@link ColumnarRing.push} takes them positionally. */
export const MAX_COLUMNS = 6;

export class ColumnarRing {
  private data: Float64Array;
  /** Rows allocated; the slot of absolute row `i` is `i % rows`. */
  private rows: number;
  private limit: number;
  private held = 0;
  private written = 0;
  private cleared = 0;
  /** Changes other than a push: rewrites, reallocations, clears. */
  private edits = 0;

  constructor(
    capacity: number,
    readonly columnCount: number,
  ) {
    checkCapacity(capacity);
    if (!Number.isInteger(columnCount) || columnCount < 1 || columnCount > MAX_COLUMNS)
      throw new RangeError(`ring columns must be 1 to ${MAX_COLUMNS}, got ${columnCount}`);
    this.limit = capacity;
    this.rows = Math.min(capacity, INITIAL_ROWS);
    this.data = new Float64Array(this.rows * columnCount);
  }

  /** Most rows held; older rows are overwritten beyond it. */
  get capacity(): number {
    return this.limit;
  }

  /** Rows the ring has memory for now (at most {@link capacity}). */
  get allocatedRows(): number {
    return this.rows;
  }

  /** Absolute index the next row will get (rows written since the last clear). */
  get end(): number {
    return this.written;
  }

  /** Absolute index of the oldest row still held. */
  get start(): number {
    return this.written - this.held;
  }

  get length(): number {
    return this.held;
  }

  /** Rises on every {@link clear}: indices a reader kept from before mean nothing now. */
  get generation(): number {
    return this.cleared;
  }

  /**
   * Rises on every change (push, rewrite, reallocation) within a generation; compare it
   * together with {@link generation}. Derived, so a push pays nothing for it.
   */
  get version(): number {
    return this.written + this.edits;
  }

  /**
   * Changes the capacity. Lowering it below the rows allocated reallocates and keeps the
   * newest rows (`start` moves up; absolute indices of the rows kept do not change); raising it
   * allocates nothing until rows arrive.
   */
  setCapacity(capacity: number): void {
    checkCapacity(capacity);
    this.limit = capacity;
    if (capacity < this.rows) this.reallocate(capacity);
  }

  /**
   * Appends a row (up to six columns; extra values are ignored), overwriting the oldest row
   * when full. Positional values rather than an array: no allocation on the ingest path, except
   * when a ring below its capacity doubles (a logarithmic number of times in its life).
   */
  push(a: number, b = 0, c = 0, d = 0, e = 0, f = 0): void {
    const base = this.nextRow();
    const width = this.columnCount;
    const data = this.data;
    data[base] = a;
    if (width > 1) data[base + 1] = b;
    if (width > 2) data[base + 2] = c;
    if (width > 3) data[base + 3] = d;
    if (width > 4) data[base + 4] = e;
    if (width > 5) data[base + 5] = f;
  }

  /** Appends a row copied from `from`, its columns in order from `at` (a log's row: ring-log.ts). */
  pushFrom(from: Float64Array, at: number): void {
    const base = this.nextRow();
    const data = this.data;
    for (let k = 0; k < this.columnCount; k++) data[base + k] = from[at + k]!;
  }

  /** Makes room for one more row (growing or overwriting the oldest) and returns its offset. */
  private nextRow(): number {
    if (this.held < this.rows) this.held++;
    else if (this.rows < this.limit) {
      this.reallocate(grownRows(this.rows, this.limit));
      this.held++;
    }
    return (this.written++ % this.rows) * this.columnCount;
  }

  /** Rewrites one value of the newest row (a bar still in progress); the ring must not be empty. */
  setLast(column: number, value: number): void {
    this.data[((this.written - 1) % this.rows) * this.columnCount + column] = value;
    this.edits++;
  }

  /** Value of `column` in the row at absolute `index` (which must be in [start, end)). */
  at(index: number, column: number): number {
    return this.data[(index % this.rows) * this.columnCount + column]!;
  }

  /** Value of `column` in the newest row; NaN when empty. */
  last(column: number): number {
    return this.written === 0 ? NaN : this.at(this.written - 1, column);
  }

  /** Copies rows [from, end) of one column into a plain array (batches cross IPC as arrays). */
  slice(column: number, from: number): number[] {
    const out: number[] = [];
    for (let i = Math.max(from, this.start); i < this.written; i++) out.push(this.at(i, column));
    return out;
  }

  /**
   * Drops the newest rows whose `column` is above `value` (a column that rises row by row, such
   * as time): what a replay seek back puts in the future. Their indices are written again.
   */
  dropAfter(column: number, value: number): void {
    while (this.held > 0 && this.at(this.written - 1, column) > value) {
      this.held--;
      this.written--;
      // `version` must still rise: each dropped row counts as two edits, so it ends above its
      // value before the drop and the next pushes never repeat a version already seen.
      this.edits += 2;
    }
  }

  /**
   * Absolute index of the first held row whose column 0 is >= `value` (`end` when none);
   * column 0 must not decrease from row to row (a time).
   */
  lowerBound(value: number): number {
    let lo = this.start;
    let hi = this.written;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid, 0) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drops every row. The memory stays allocated: a cleared ring usually refills (a seek). */
  clear(): void {
    this.written = 0;
    this.held = 0;
    this.cleared++;
    this.edits++;
  }

  /** Moves the newest rows that fit into a new array of `rows` rows. */
  private reallocate(rows: number): void {
    const keep = Math.min(this.held, rows);
    this.data = moveRows(this.data, this.rows, this.columnCount, this.written, keep, rows);
    this.rows = rows;
    this.held = keep;
    this.edits++;
  }
}
