/**
 * The per-instrument `seq` an exchange feed's ticks carry. It lives in the adapter context, so
 * it keeps rising across reconnects.
 */

/** Per-instrument `seq`, rising by 1 per event; it survives reconnects. */
export class SeqCounter {
  private readonly last = new Map<string, number>();

  /** The seq of the next event of `id`. */
  next(id: string): number {
    const seq = (this.last.get(id) ?? 0) + 1;
    this.last.set(id, seq);
    return seq;
  }

  /** Seq of the last event of `id` (0 before any): what a snapshot carries. */
  current(id: string): number {
    return this.last.get(id) ?? 0;
  }

  /**
   * Events of `id` were lost upstream (an exchange gap): the seq jumps over them, so the
   * engine sees the gap, counts it and waits for the snapshot the resync brings.
   */
  skip(id: string, lost = 1): void {
    this.last.set(id, this.current(id) + lost);
  }
}
