/**
 * What one client takes: each instrument's conflation window (0: every tick) or none, and a key
 * equal for two clients exactly when they take the same instruments, so that clients taking the
 * same get one frame written for all of them (interval-ticks.ts).
 */

/** Not subscribed (in `conflateMsOf`). */
export const UNSUBSCRIBED = -1;
/** The subscription key of a client subscribed to every instrument. */
const ALL_KEY = '*';

/** One client's subscriptions, by instrument index. */
export class ClientSubscriptions {
  /** Each instrument's conflation window, ms (0: every tick), or UNSUBSCRIBED. */
  readonly conflateMsOf: Int32Array;
  private subscribedCount = 0;
  private conflatedCount = 0;
  /** Which instruments this client takes, as a key shared by clients taking the same; null: stale. */
  private subscriptionKey: string | null = null;
  /** Whether the client takes instrument `index`. */
  readonly takes = (index: number) => this.conflateMsOf[index]! !== UNSUBSCRIBED;

  constructor(instruments: number) {
    this.conflateMsOf = new Int32Array(instruments).fill(UNSUBSCRIBED);
  }

  /** Instruments taken. */
  get count(): number {
    return this.subscribedCount;
  }

  /** Instruments taken with a conflation window. */
  get conflated(): number {
    return this.conflatedCount;
  }

  /** Takes instrument `index` with a window of `conflateMs` (0: none); true when it is new. */
  add(index: number, conflateMs: number): boolean {
    this.subscriptionKey = null;
    const was = this.conflateMsOf[index]!;
    if (was === UNSUBSCRIBED) this.subscribedCount++;
    else if (was > 0) this.conflatedCount--;
    if (conflateMs > 0) this.conflatedCount++;
    this.conflateMsOf[index] = conflateMs;
    return was === UNSUBSCRIBED;
  }

  /** Stops taking instrument `index`; false when it was not taken. */
  remove(index: number): boolean {
    this.subscriptionKey = null;
    const was = this.conflateMsOf[index]!;
    if (was === UNSUBSCRIBED) return false;
    if (was > 0) this.conflatedCount--;
    this.subscribedCount--;
    this.conflateMsOf[index] = UNSUBSCRIBED;
    return true;
  }

  /**
   * The subscription key: equal for two clients exactly when they take the same instruments.
   * Rebuilt after a change, not per interval.
   */
  key(): string {
    if (this.subscriptionKey === null) {
      const taken: number[] = [];
      for (let index = 0; index < this.conflateMsOf.length; index++)
        if (this.takes(index)) taken.push(index);
      this.subscriptionKey = taken.length === this.conflateMsOf.length ? ALL_KEY : taken.join(',');
    }
    return this.subscriptionKey;
  }
}
