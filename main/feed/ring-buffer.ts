/**
 * A fixed-size columnar ring of numbers (one Float64Array per column), so history costs the
 * same memory after a minute or a month. Rows are addressed by an absolute index that only
 * rises; readers keep the index they saw last as a cursor and ask what followed it.
 */
export class RingBuffer {
  private readonly columns: Float64Array[];
  private written = 0;

  constructor(
    readonly capacity: number,
    columnCount: number,
  ) {
    this.columns = Array.from({ length: columnCount }, () => new Float64Array(capacity));
  }

  /** Absolute index the next row will get (rows written so far). */
  get end(): number {
    return this.written;
  }

  /** Absolute index of the oldest row still held. */
  get start(): number {
    return Math.max(0, this.written - this.capacity);
  }

  get length(): number {
    return this.written - this.start;
  }

  /**
   * Appends a row (up to six columns; extra values are ignored), overwriting the oldest row
   * when full. Positional values rather than an array: no allocation on the ingest path.
   */
  push(a: number, b = 0, c = 0, d = 0, e = 0, f = 0): void {
    const slot = this.written % this.capacity;
    const cols = this.columns;
    cols[0]![slot] = a;
    if (cols.length > 1) cols[1]![slot] = b;
    if (cols.length > 2) cols[2]![slot] = c;
    if (cols.length > 3) cols[3]![slot] = d;
    if (cols.length > 4) cols[4]![slot] = e;
    if (cols.length > 5) cols[5]![slot] = f;
    this.written++;
  }

  /** Rewrites one value of the newest row (a bar still in progress). */
  setLast(column: number, value: number): void {
    this.columns[column]![(this.written - 1) % this.capacity] = value;
  }

  /** Value of `column` in the row at absolute `index` (which must be in [start, end)). */
  at(index: number, column: number): number {
    return this.columns[column]![index % this.capacity]!;
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

  clear(): void {
    this.written = 0;
  }
}
