/**
 * Per-instrument sequence continuity. A tick stands for `conflated ?? 1` consecutive events
 * ending at `seq`, so continuity is `seq === last + (conflated ?? 1)`. A gap means events were
 * lost: the instrument's state is no longer trustworthy until a snapshot replaces it, so its
 * ticks are refused meanwhile rather than folded into a wrong state.
 *
 * A snapshot's `seq` is its as-of. Within one feed session (one connection's hello) seqs only
 * rise, so a snapshot below what the session already applied is old news (late, replayed out
 * of order) and is refused; but a new session's server may have started over (a restarted
 * simulator numbers from 1 again), so its first snapshot of an instrument is taken whatever
 * its seq (docs/PROTOCOL.md, "Sequence numbers").
 */

/** What to do with one tick. */
export type SeqVerdict = 'apply' | 'duplicate' | 'gap' | 'awaiting-snapshot';

/**
 * An instrument's last seq. The fold keeps a reference to it beside the instrument's state (a
 * market is its own cell: its seq sits in its feed's table), so a tick costs no hash lookup
 * here: with thousands of instruments each lookup missed the cache. A cell lives as long as
 * its instrument is announced; {@link SequenceTracker.clear} empties it in place so those
 * references stay good.
 */
export interface SeqCell {
  /** The seq of the last event folded; NaN while none is known. */
  seq: number;
}

export class SequenceTracker {
  private readonly last = new Map<string, SeqCell>();
  private readonly awaiting = new Set<string>();
  /** Each instrument's seq when the session began: a cell past it moved in this session. */
  private readonly opened = new Map<string, number>();
  /** Instruments given a snapshot in this session. */
  private readonly settled = new Set<string>();

  /** The instrument's cell, created empty if it has none. */
  cell(instrument: string): SeqCell {
    let cell = this.last.get(instrument);
    if (cell === undefined) {
      cell = { seq: NaN };
      this.last.set(instrument, cell);
    }
    return cell;
  }

  /**
   * Makes `cell` the instrument's from now on (its market's, when one is announced), holding
   * the seq of the cell it had, so continuity survives the instrument list changing.
   */
  bind(instrument: string, cell: SeqCell): void {
    const had = this.last.get(instrument);
    if (had === cell) return;
    cell.seq = had === undefined ? NaN : had.seq;
    this.last.set(instrument, cell);
  }

  /** Checks a tick's `seq`; on 'apply' the tick becomes the instrument's last. */
  check(instrument: string, seq: number, conflated = 1): SeqVerdict {
    return this.checkCell(this.cell(instrument), instrument, seq, conflated);
  }

  /** {@link check} with the instrument's cell already in hand. */
  checkCell(cell: SeqCell, instrument: string, seq: number, conflated = 1): SeqVerdict {
    // The size test spares a hash lookup per tick in the usual case: nothing awaited.
    if (this.awaiting.size > 0 && this.awaiting.has(instrument)) return 'awaiting-snapshot';
    const last = cell.seq;
    if (!Number.isNaN(last)) {
      // Replayed after a resume, or repeated by the feed: already folded.
      if (seq <= last) return 'duplicate';
      if (seq !== last + conflated) {
        this.awaiting.add(instrument);
        return 'gap';
      }
    }
    cell.seq = seq;
    return 'apply';
  }

  /** A snapshot replaces the instrument's state: continuity restarts from its `seq`. */
  snapshot(instrument: string, seq: number): void {
    this.awaiting.delete(instrument);
    this.settled.add(instrument);
    this.cell(instrument).seq = seq;
  }

  /**
   * A feed session begins (a hello): each instrument's next snapshot is taken whatever its
   * seq, as the server may have started over. The seqs held stay, for the resume.
   */
  newSession(): void {
    this.opened.clear();
    this.settled.clear();
    for (const [id, cell] of this.last) this.opened.set(id, cell.seq);
  }

  /**
   * True when a snapshot at `seq` is older than what this session already applied to the
   * instrument (a tick, or a snapshot): taking it would roll the state back. Never while the
   * instrument awaits a snapshot after a gap: its state is already broken, and an older
   * snapshot followed by the ticks after it (a NATS desk's resync) is how it catches up.
   */
  isBehind(instrument: string, seq: number): boolean {
    const held = this.last.get(instrument)?.seq ?? NaN;
    if (!(seq < held)) return false; // nothing held (NaN), or not older
    if (this.awaiting.has(instrument)) return false;
    return this.settled.has(instrument) || this.opened.get(instrument) !== held;
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
    const points = new Map<string, number>();
    for (const [id, cell] of this.last)
      if (!Number.isNaN(cell.seq) && !this.awaiting.has(id)) points.set(id, cell.seq);
    return points;
  }

  /** Forgets instruments the feed no longer announces. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.last.keys()) if (!ids.has(id)) this.last.delete(id);
    for (const id of this.awaiting) if (!ids.has(id)) this.awaiting.delete(id);
    for (const id of this.settled) if (!ids.has(id)) this.settled.delete(id);
  }

  clear(): void {
    for (const cell of this.last.values()) cell.seq = NaN;
    this.awaiting.clear();
    this.opened.clear();
    this.settled.clear();
  }
}
