/**
 * Fixed-capacity columnar ring buffers for chart series. They live outside Svelte's reactive
 * state: a tick stream would otherwise make every push a signal write. Readers track
 * `total` (pushes ever made) to take only what is new since their last look, and `generation`
 * (bumped by `clear`) to know when to start over.
 */
export class SeriesRing {
  readonly capacity: number;
  readonly columns: readonly Float64Array[];
  /** Points ever pushed since the last clear; index `total - 1` is the newest. */
  total = 0;
  /** Bumped on clear so readers drop what they copied. */
  generation = 0;
  /** Bumped on every change, so a chart can tell whether it must redraw. */
  version = 0;

  constructor(capacity: number, columnCount: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be >= 1');
    this.capacity = capacity;
    this.columns = Array.from({ length: columnCount }, () => new Float64Array(capacity));
  }

  /** Points currently held (at most `capacity`). */
  get length(): number {
    return Math.min(this.total, this.capacity);
  }

  /** Absolute index of the oldest point still held. */
  get first(): number {
    return this.total - this.length;
  }

  /** Appends one point; the oldest is overwritten when full. */
  push(...values: number[]): void {
    const slot = this.total % this.capacity;
    for (let c = 0; c < this.columns.length; c++) this.columns[c]![slot] = values[c] ?? NaN;
    this.total++;
    this.version++;
  }

  /** Replaces the newest point (a bar that is still forming). */
  replaceLast(...values: number[]): void {
    if (this.total === 0) return this.push(...values);
    const slot = (this.total - 1) % this.capacity;
    for (let c = 0; c < this.columns.length; c++) this.columns[c]![slot] = values[c] ?? NaN;
    this.version++;
  }

  /** Value of `column` at absolute index `i` (must be within `first .. total - 1`). */
  get(column: number, i: number): number {
    return this.columns[column]![i % this.capacity]!;
  }

  /** Value of `column` of the newest point, or NaN when empty. */
  last(column: number): number {
    return this.total === 0 ? NaN : this.get(column, this.total - 1);
  }

  clear(): void {
    this.total = 0;
    this.generation++;
    this.version++;
  }

  /** Absolute index of the first held point whose column-0 value (time) is >= `t`. */
  lowerBound(t: number): number {
    let lo = this.first;
    let hi = this.total;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(0, mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
