/**
 * Translates an exchange recording's raw segments into protocol entries, one after another in
 * recorded order, through a {@link FrameTranslator} (the app injects its exchange adapter, so the
 * simulator needs no exchange code). Checkpoints are rebuilt from the translated state (the
 * writer could not fold raw exchange frames), every CHECKPOINT_INTERVAL_MS and at the top of
 * every segment. The first ENTRIES_PER_CHUNK raw entries of segment 0 are translated at once
 * (opening a recording waits for them); after them translation runs in slices of
 * TRANSLATE_SLICE_MS, handing readers what it has between, so replay is served meanwhile.
 */
import type { Instrument, SnapshotMessage, TicksMessage } from '../protocol/feed';
import { CHECKPOINT_INTERVAL_MS, type CheckpointRef } from './format';
import type { GrowingEntries } from './growing-entries';
import type { DecodedSegment } from './segment-reader';
import { StateFold } from './state-fold';

/**
 * Raw entries translated before the first yield of a recording: opening waits for them, so
 * the hello names at least their instruments. Also the most translated between two yields.
 */
const ENTRIES_PER_CHUNK = 1_000;
/**
 * After that, translation yields to the event loop (and wakes readers waiting for more) once
 * it has run this long: a connection's handshake and playback each need a few event-loop
 * turns, and a whole chunk between two turns (over a second on a loaded machine) kept the
 * first frame of an opened replay waiting for seconds.
 */
const TRANSLATE_SLICE_MS = 10;
/** Raw entries between two looks at the clock. */
const CLOCK_EVERY_ENTRIES = 32;

/** Turns a recorded feed's raw frames into protocol frames, in recorded order. */
export interface FrameTranslator {
  /**
   * The protocol messages (`snapshot`, `ticks`) one raw frame becomes; [] for none. Messages,
   * not their text: the recording serialises each once and folds the object itself.
   */
  translate(raw: string, receivedAt: number): readonly (SnapshotMessage | TicksMessage)[];
  /** The recorded feed reconnected here: what follows is a new exchange session. */
  reconnected(): void;
  /** Every instrument the replay must announce (latest definition of each). */
  instruments(): readonly Instrument[];
}

/** The translator for a recording's feed target (`kraken:BTC/USD`); throws when unsupported. */
export type FrameTranslatorFactory = (feed: string) => FrameTranslator;

/** What a segment's translation holds besides its entries, for its index entry. */
export interface TranslatedSegmentInfo {
  readonly messages: number;
  readonly checkpoints: readonly CheckpointRef[];
}

/** One recording's translation: the adapter's state and the checkpoints' fold, segment to segment. */
export class SegmentTranslation {
  private readonly fold = new StateFold();
  private lastCheckpointT = -Infinity;

  constructor(private readonly translator: FrameTranslator) {}

  /**
   * Translates raw segment `i` (`decoded`, the segment after the last one translated) into the
   * entries of `growing`, publishing them at each yield. `stopped` is asked after each yield:
   * an error it returns ends the translation with it.
   */
  async translate(
    i: number,
    decoded: DecodedSegment,
    growing: GrowingEntries,
    stopped: () => Error | null,
  ): Promise<TranslatedSegmentInfo> {
    const { entries } = growing;
    const checkpoints: CheckpointRef[] = [];
    let messages = 0;
    const checkpoint = (t: number): void => {
      this.lastCheckpointT = t;
      const snapshots = this.fold.snapshots();
      if (snapshots.length === 0) return;
      // `line` counts the header as line 0, as the writer does; no byte offsets are kept.
      checkpoints.push({ t, line: entries.length + 1, offset: -1 });
      entries.push({ kind: 'checkpoint', t, snapshots });
    };
    if (i > 0 && decoded.entries.length > 0) checkpoint(decoded.entries[0]!.t);
    // Segment 0's first chunk is translated whole, before the open returns.
    const sliceFrom = i === 0 ? ENTRIES_PER_CHUNK : 0;
    let sliceStart = performance.now();
    for (let n = 0, chunk = 0; n < decoded.entries.length; n++, chunk++) {
      const e = decoded.entries[n]!;
      const due =
        chunk === ENTRIES_PER_CHUNK ||
        (n >= sliceFrom &&
          chunk % CLOCK_EVERY_ENTRIES === 0 &&
          performance.now() - sliceStart >= TRANSLATE_SLICE_MS);
      if (n > 0 && due) {
        growing.publish();
        await new Promise((r) => setImmediate(r));
        const stop = stopped();
        if (stop !== null) throw stop;
        sliceStart = performance.now();
        chunk = 0;
      }
      if (e.kind === 'checkpoint') continue; // folded from raw frames: nothing of use
      if (e.kind === 'mark') {
        if (e.event === 'connected') this.translator.reconnected();
        entries.push(e);
        continue;
      }
      if (e.t - this.lastCheckpointT >= CHECKPOINT_INTERVAL_MS) checkpoint(e.t);
      for (const message of this.translator.translate(e.raw, e.t)) {
        entries.push({ kind: 'message', t: e.t, raw: JSON.stringify(message) });
        this.fold.apply(message);
        messages++;
      }
    }
    return { messages, checkpoints };
  }
}
