/**
 * Entries of a segment still being produced, readable as they come: the producer appends and
 * calls `publish` now and then (readers wake at most that often), then `finish` once, with the
 * error that stopped it if any. A reader waits for one entry with `ready`.
 */
import type { Entry } from './format';

export class GrowingEntries {
  readonly entries: Entry[] = [];
  private finished = false;
  private failure: unknown = null;
  private waiters: Array<() => void> = [];

  /** Resolves true once entry `index` exists, false when finished without it; rejects on failure. */
  async ready(index: number): Promise<boolean> {
    while (index >= this.entries.length && !this.finished)
      await new Promise<void>((wake) => this.waiters.push(wake));
    if (index < this.entries.length) return true;
    if (this.failure !== null) throw this.failure;
    return false;
  }

  /** Wakes readers waiting for entries appended since. */
  publish(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** No more entries; `failure`, when given, is what readers waiting past the end get. */
  finish(failure: unknown = null): void {
    this.finished = true;
    this.failure = failure;
    this.publish();
  }
}
