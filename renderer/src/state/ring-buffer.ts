/**
 * Columnar ring buffers for chart series. They live outside Svelte's reactive state: a tick
 * stream would otherwise make every push a signal write. Readers track `total` (pushes ever
 * made) to take only what is new since their last look, and `generation` (bumped by `clear`) to
 * know when to start over.
 *
 * A ring starts small and doubles as points arrive, up to `maxCapacity`: thousands of
 * instruments that tick rarely cost little, and a busy one reaches its full history. The
 * maximum can change later (the store lowers it when many instruments share the budget, raises
 * it for charted ones); lowering it keeps the newest points.
 */

/** Slots a new ring allocates before its first doubling. */
export const INITIAL_RING_CAPACITY = 64;

export class SeriesRing {
  private slots: number;
  private max: number;
  private held = 0;
  private columns: readonly Float64Array[];
  /** Points ever pushed since the last clear; index `total - 1` is the newest. */
  total = 0;
  /** Bumped on clear so readers drop what they copied. */
  generation = 0;
  /** Bumped on every change, so a chart can tell whether it must redraw. */
  version = 0;

  constructor(maxCapacity: number, columnCount: number) {
    checkCapacity(maxCapacity);
    this.max = maxCapacity;
    this.slots = Math.min(maxCapacity, INITIAL_RING_CAPACITY);
    this.columns = Array.from({ length: columnCount }, () => new Float64Array(this.slots));
  }

  /** Slots allocated now; grows up to `maxCapacity`. */
  get capacity(): number {
    return this.slots;
  }

  /** The most points this ring will hold. */
  get maxCapacity(): number {
    return this.max;
  }

  /** Points currently held (at most `capacity`). */
  get length(): number {
    return this.held;
  }

  /** Absolute index of the oldest point still held. */
  get first(): number {
    return this.total - this.length;
  }

  /** Appends one point; when full at `maxCapacity`, the oldest is overwritten. */
  push(...values: number[]): void {
    if (this.held === this.slots && this.slots < this.max) {
      this.resize(Math.min(this.max, this.slots * 2));
    }
    const slot = this.total % this.slots;
    for (let c = 0; c < this.columns.length; c++) this.columns[c]![slot] = values[c] ?? NaN;
    this.total++;
    if (this.held < this.slots) this.held++;
    this.version++;
  }

  /** Replaces the newest point (a bar that is still forming). */
  replaceLast(...values: number[]): void {
    if (this.total === 0) return this.push(...values);
    const slot = (this.total - 1) % this.slots;
    for (let c = 0; c < this.columns.length; c++) this.columns[c]![slot] = values[c] ?? NaN;
    this.version++;
  }

  /** Changes the most points held; a lower maximum drops the oldest points now. */
  setMaxCapacity(maxCapacity: number): void {
    checkCapacity(maxCapacity);
    this.max = maxCapacity;
    if (this.slots > maxCapacity) this.resize(maxCapacity);
  }

  /** Value of `column` at absolute index `i` (must be within `first .. total - 1`). */
  get(column: number, i: number): number {
    return this.columns[column]![i % this.slots]!;
  }

  /** Value of `column` of the newest point, or NaN when empty. */
  last(column: number): number {
    return this.total === 0 ? NaN : this.get(column, this.total - 1);
  }

  clear(): void {
    this.total = 0;
    this.held = 0;
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

  /** Moves the newest points (as many as fit) into `capacity` slots; indices stay absolute. */
  private resize(capacity: number): void {
    const kept = Math.min(this.held, capacity);
    const from = this.total - kept;
    this.columns = this.columns.map((old) => {
      const next = new Float64Array(capacity);
      for (let i = from; i < this.total; i++) next[i % capacity] = old[i % this.slots]!;
      return next;
    });
    this.slots = capacity;
    this.held = kept;
    this.version++;
  }
}

function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be >= 1');
}
