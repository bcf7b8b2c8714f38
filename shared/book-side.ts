/**
 * One side of an {@link OrderBook} (shared/order-book.ts): its levels in one flat typed array
 * (price, size, price, size, …, best first), changed in place by binary search and
 * `copyWithin`, so a merge allocates nothing. A side array with a `[price, size]` array per level
 * and a map per tick (the book before 5 Dec, bench/array-book.ts) lived as long as a book's next
 * tick, long enough at 5,000 instruments for a scavenge to copy and promote it
 * (docs/PERFORMANCE.md, "Scale curve: instruments", 5 Dec fifth session).
 */
import type { Level } from './order-book';

/** Levels a side holds before its array first grows (it doubles, up to the book's depth). */
const FIRST_LEVELS = 16;
/** A tick changing more levels than this finds each price's last change by a map, not a scan. */
const SCAN_CHANGES = 32;

export class BookSide {
  /** `count` levels as price, size pairs, best first. */
  private levels: Float64Array;
  count = 0;

  /** `dir`: 1 keeps prices ascending (asks), -1 descending (bids). */
  constructor(
    private readonly depth: number,
    private readonly dir: 1 | -1,
  ) {
    this.levels = new Float64Array(2 * Math.min(depth, FIRST_LEVELS));
  }

  /** Takes levels already in book order (a whole book), at most `depth` of them. */
  load(levels: readonly Level[]): void {
    const n = Math.min(levels.length, this.depth);
    this.reserve(n);
    for (let i = 0; i < n; i++) {
      this.levels[2 * i] = levels[i]![0];
      this.levels[2 * i + 1] = levels[i]![1];
    }
    this.count = n;
  }

  /**
   * Applies one tick's changes to this side (size 0 removes a price): every changed price
   * leaves first, so a removal makes room for a deeper level of the same tick, then each
   * price's last change goes in.
   */
  apply(changes: readonly Level[]): void {
    const n = changes.length;
    if (n === 0) return;
    if (this.count + n <= this.depth) {
      this.set(changes);
      return;
    }
    for (let i = 0; i < n; i++) this.remove(changes[i]![0]);
    const last = n > SCAN_CHANGES ? lastIndexByPrice(changes) : null;
    for (let i = 0; i < n; i++) {
      const price = changes[i]![0];
      const size = changes[i]![1];
      if (size > 0 && (last === null ? isLastChange(changes, i) : last.get(price) === i))
        this.insert(price, size);
    }
  }

  /**
   * {@link apply} when the changes cannot push a level past the depth (the side holds at most
   * `depth` less their number): the rule then comes to setting each change in turn, and a
   * price already on the side has its size changed in place, not moved out and back in
   * (docs/PERFORMANCE.md, "Scale curve: instruments", 5 Dec sixth session).
   */
  private set(changes: readonly Level[]): void {
    for (let i = 0; i < changes.length; i++) {
      const price = changes[i]![0];
      const size = changes[i]![1];
      const at = this.place(price);
      if (at < this.count && this.levels[2 * at] === price) {
        if (size > 0) this.levels[2 * at + 1] = size;
        else this.removeAt(at);
      } else if (size > 0) {
        this.insertAt(at, this.count, price, size);
      }
    }
  }

  /** The best `n` levels as `[price, size]` arrays. */
  top(n: number): Level[] {
    const out: Level[] = [];
    for (let i = 0; i < Math.min(n, this.count); i++)
      out.push([this.levels[2 * i]!, this.levels[2 * i + 1]!]);
    return out;
  }

  /** Where `price` is or would go: the first level not better than it. */
  private place(price: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.levels[2 * mid]! - price) * this.dir < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private remove(price: number): void {
    const at = this.place(price);
    if (at < this.count && this.levels[2 * at] === price) this.removeAt(at);
  }

  private removeAt(at: number): void {
    this.levels.copyWithin(2 * at, 2 * at + 2, 2 * this.count);
    this.count--;
  }

  /** Inserts a price not on this side; one past the best `depth` is dropped. */
  private insert(price: number, size: number): void {
    const at = this.place(price);
    if (at < this.depth) this.insertAt(at, Math.min(this.count, this.depth - 1), price, size);
  }

  /** Puts a level at `at`, the `kept` levels there before it moving one place deeper. */
  private insertAt(at: number, kept: number, price: number, size: number): void {
    this.reserve(kept + 1);
    this.levels.copyWithin(2 * at + 2, 2 * at, 2 * kept);
    this.levels[2 * at] = price;
    this.levels[2 * at + 1] = size;
    this.count = kept + 1;
  }

  /** Room for `levels` levels: the array at least doubles, up to the book's depth. */
  private reserve(levels: number): void {
    const capacity = this.levels.length / 2;
    if (levels <= capacity) return;
    const grown = new Float64Array(2 * Math.min(this.depth, Math.max(levels, 2 * capacity)));
    grown.set(this.levels.subarray(0, 2 * this.count));
    this.levels = grown;
  }
}

/** True when no change after the `i`th sets the same price. */
function isLastChange(changes: readonly Level[], i: number): boolean {
  const price = changes[i]![0];
  for (let j = i + 1; j < changes.length; j++) if (changes[j]![0] === price) return false;
  return true;
}

function lastIndexByPrice(changes: readonly Level[]): Map<number, number> {
  const last = new Map<number, number>();
  for (let i = 0; i < changes.length; i++) last.set(changes[i]![0], i);
  return last;
}
