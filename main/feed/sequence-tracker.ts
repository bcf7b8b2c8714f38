/**
 * Per-instrument sequence continuity. A tick stands for `conflated ?? 1` consecutive events
 * ending at `seq`, so continuity is `seq === last + (conflated ?? 1)`. A gap means events were
 * lost: the instrument's state is no longer trustworthy until a snapshot replaces it, so its
 * ticks are refused meanwhile rather than folded into a wrong state.
 */

/** What to do with one tick. */
export type SeqVerdict = 'apply' | 'duplicate' | 'gap' | 'awaiting-snapshot';

export class SequenceTracker {
  private readonly last = new Map<string, number>();
  private readonly awaiting = new Set<string>();

  /** Checks a tick's `seq`; on 'apply' the tick becomes the instrument's last. */
  check(instrument: string, seq: number, conflated = 1): SeqVerdict {
    // The size test spares a hash lookup per tick in the usual case: nothing awaited.
    if (this.awaiting.size > 0 && this.awaiting.has(instrument)) return 'awaiting-snapshot';
    const last = this.last.get(instrument);
    if (last !== undefined) {
      // Replayed after a resume, or repeated by the feed: already folded.
      if (seq <= last) return 'duplicate';
      if (seq !== last + conflated) {
        this.awaiting.add(instrument);
        return 'gap';
      }
    }
    this.last.set(instrument, seq);
    return 'apply';
  }

  /** A snapshot replaces the instrument's state: continuity restarts from its `seq`. */
  snapshot(instrument: string, seq: number): void {
    this.awaiting.delete(instrument);
    this.last.set(instrument, seq);
  }

  /**
   * The feed itself found the instrument's state broken (a book checksum, a gap it saw in its
   * own ids): refuse its ticks until a snapshot. False when it was already waiting for one, so
   * one break asks for one resync.
   */
  invalidate(instrument: string): boolean {
    if (this.awaiting.has(instrument)) return false;
    this.awaiting.add(instrument);
    return true;
  }

  /** Instruments waiting for a snapshot after a gap. */
  get pending(): ReadonlySet<string> {
    return this.awaiting;
  }

  /**
   * Last seq per instrument, to resume from after a reconnect. Instruments waiting for a
   * snapshot are left out so the server sends one instead of replaying into a broken state.
   */
  resumePoints(): Map<string, number> {
    const points = new Map(this.last);
    for (const id of this.awaiting) points.delete(id);
    return points;
  }

  /** Forgets instruments the feed no longer announces. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.last.keys()) if (!ids.has(id)) this.last.delete(id);
    for (const id of this.awaiting) if (!ids.has(id)) this.awaiting.delete(id);
  }

  clear(): void {
    this.last.clear();
    this.awaiting.clear();
  }
}
