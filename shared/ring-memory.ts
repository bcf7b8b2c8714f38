/**
 * How a columnar ring holds its rows in memory: one Float64Array, row after row, allocated on
 * demand. A ring starts with {@link INITIAL_ROWS} rows and doubles when full until it reaches
 * its capacity, so an instrument that ticked a hundred times holds a few kilobytes, not its
 * capacity; the slot of absolute row `i` is `i % rows`.
 */

/** Rows a ring allocates before its first doubling. */
export const INITIAL_ROWS = 16;

/** Throws unless `capacity` is a positive integer. */
export function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
}

/** Rows a full ring of `rows` rows grows to, within `capacity`. */
export function grownRows(rows: number, capacity: number): number {
  return Math.min(capacity, rows * 2);
}

/**
 * Copies the `keep` rows before absolute index `end`, held in `data` at `rows` rows, into a new
 * array of `nextRows` rows, each at its new slot.
 */
export function moveRows(
  data: Float64Array,
  rows: number,
  width: number,
  end: number,
  keep: number,
  nextRows: number,
): Float64Array {
  const next = new Float64Array(nextRows * width);
  for (let i = end - keep; i < end; i++) {
    const from = (i % rows) * width;
    const to = (i % nextRows) * width;
    for (let k = 0; k < width; k++) next[to + k] = data[from + k]!;
  }
  return next;
}
