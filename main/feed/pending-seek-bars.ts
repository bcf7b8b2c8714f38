/**
 * The bars read from the recording for seeks asked and not yet answered (bug 233), oldest
 * first: the server's `seeked` state at the same position takes its seek's bars, and those of
 * seeks asked before it are dropped. A server that never answers holds no more than a few.
 */
import type { SeekBars } from './bar-rebuild';

/** Seeks asked whose bars wait for the server's answer. */
const MAX_PENDING_SEEKS = 8;

export class PendingSeekBars {
  private readonly pending: SeekBars[] = [];

  /** A seek was asked with the bars open at its target. */
  add(bars: SeekBars): void {
    if (this.pending.push(bars) > MAX_PENDING_SEEKS) this.pending.shift();
  }

  /** The bars of the seek answered at `position`; those of seeks asked before it are dropped. */
  take(position: number): SeekBars | undefined {
    const i = this.pending.findIndex((b) => b.position === position);
    if (i < 0) return undefined;
    return this.pending.splice(0, i + 1)[i]!;
  }

  clear(): void {
    this.pending.length = 0;
  }
}
