/**
 * What a recording's checkpoints and segment headers are made of, kept as protocol frames are
 * recorded: every instrument's state folded from the valid frames, and the instrument list the
 * last valid hello named.
 */
import type { Instrument, SnapshotMessage } from '../protocol/feed';
import { type FoldGap, StateFold } from './state-fold';

export class RecordedState {
  private readonly fold = new StateFold();
  private announced: readonly Instrument[];
  private invalid = 0;

  /** @param instruments the list that heads segments until a hello names one */
  constructor(instruments: readonly Instrument[]) {
    this.announced = instruments;
  }

  /**
   * Folds one parsed protocol frame; returns the seq gaps it revealed, or null for a frame that
   * does not decode, which is counted and leaves the state as it was.
   */
  apply(parsed: object): FoldGap[] | null {
    const gaps = this.fold.apply(parsed);
    if (gaps === null) {
      this.invalid++;
      return null;
    }
    // Valid, so a hello's instrument list is well-formed: it heads the next segments.
    if ((parsed as { op?: unknown }).op === 'hello')
      this.announced = (parsed as { instruments: Instrument[] }).instruments;
    return gaps;
  }

  /** A checkpoint's snapshots: every instrument whose full state is known. */
  snapshots(): SnapshotMessage[] {
    return this.fold.snapshots();
  }

  /** The instrument list as last announced. */
  get instruments(): readonly Instrument[] {
    return this.announced;
  }

  /** Frames that did not decode so far. */
  get invalidFrames(): number {
    return this.invalid;
  }
}
