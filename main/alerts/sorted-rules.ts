/**
 * Rules of one kind on one instrument, sorted by their threshold, so a tick finds the rules it
 * fires by binary search: cost O(log n + fired), whatever the number of rules that stay quiet.
 */
import type { RuleSlot } from './rule-slot';

export class SortedRules {
  /** Thresholds, ascending; `slots[i]` has threshold `keys[i]`. */
  readonly keys: number[] = [];
  readonly slots: RuleSlot[] = [];
  /**
   * The lowest threshold, Infinity when empty: kept in a field so a tick that fires none of
   * these rules (most ticks) is turned away with one comparison, without reading the arrays.
   */
  least = Infinity;

  get size(): number {
    return this.keys.length;
  }

  insert(key: number, slot: RuleSlot): void {
    const i = this.upperBound(key);
    this.keys.splice(i, 0, key);
    this.slots.splice(i, 0, slot);
    if (key < this.least) this.least = key;
  }

  /** Removes a slot (a `once` rule that fired); a no-op when it is not here. */
  remove(key: number, slot: RuleSlot): void {
    for (let i = this.lowerBound(key); i < this.keys.length && this.keys[i] === key; i++) {
      if (this.slots[i] !== slot) continue;
      this.keys.splice(i, 1);
      this.slots.splice(i, 1);
      this.least = this.keys[0] ?? Infinity;
      return;
    }
  }

  /** First index whose key is >= x. */
  lowerBound(x: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose key is > x. */
  upperBound(x: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
