/**
 * A recording of an exchange's raw messages, seen as Tickdeck protocol frames: every message
 * line goes through a {@link FrameTranslator} (the app injects its exchange adapter, so the
 * simulator needs no exchange code), and replay, seek and subscriptions then work on it exactly
 * as on a protocol recording.
 *
 * An exchange adapter's state (a Kraken book, Coinbase's trade ids) builds up from the first
 * frame, so translation runs once, in order, when the recording is opened, and the translated
 * segments are kept in memory. Checkpoints are rebuilt from the translated state (the writer
 * could not fold raw exchange frames), every CHECKPOINT_INTERVAL_MS and at the top of every
 * segment, so a seek still folds at most one interval.
 */
import type { Instrument } from '../protocol/feed';
import { CHECKPOINT_INTERVAL_MS, type CheckpointRef, type Entry, type SegmentInfo } from './format';
import type { Recording } from './recording-reader';
import type { DecodedSegment } from './segment-reader';
import { StateFold } from './state-fold';

/** Turns a recorded feed's raw frames into protocol frames, in recorded order. */
export interface FrameTranslator {
  /** The protocol frames (`snapshot`, `ticks` JSON text) one raw frame becomes; [] for none. */
  translate(raw: string, receivedAt: number): readonly string[];
  /** The recorded feed reconnected here: what follows is a new exchange session. */
  reconnected(): void;
  /** Every instrument the replay must announce (latest definition of each). */
  instruments(): readonly Instrument[];
}

/** The translator for a recording's feed target (`kraken:BTC/USD`); throws when unsupported. */
export type FrameTranslatorFactory = (feed: string) => FrameTranslator;

/** Translates every segment of `recording` (see the module comment). */
export async function translateRecording(
  recording: Recording,
  translator: FrameTranslator,
): Promise<Recording> {
  const fold = new StateFold();
  const segments: DecodedSegment[] = [];
  const infos: SegmentInfo[] = [];
  let lastCheckpointT = -Infinity;
  for (let i = 0; i < recording.segments.length; i++) {
    const decoded = await recording.segment(i);
    const entries: Entry[] = [];
    const checkpoints: CheckpointRef[] = [];
    let messages = 0;
    const checkpoint = (t: number): void => {
      lastCheckpointT = t;
      const snapshots = fold.snapshots();
      if (snapshots.length === 0) return;
      // `line` counts the header as line 0, as the writer does; no byte offsets in memory.
      checkpoints.push({ t, line: entries.length + 1, offset: -1 });
      entries.push({ kind: 'checkpoint', t, snapshots });
    };
    if (i > 0 && decoded.entries.length > 0) checkpoint(decoded.entries[0]!.t);
    for (const e of decoded.entries) {
      if (e.kind === 'checkpoint') continue; // folded from raw frames: nothing of use
      if (e.kind === 'mark') {
        if (e.event === 'connected') translator.reconnected();
        entries.push(e);
        continue;
      }
      if (e.t - lastCheckpointT >= CHECKPOINT_INTERVAL_MS) checkpoint(e.t);
      for (const raw of translator.translate(e.raw, e.t)) {
        entries.push({ kind: 'message', t: e.t, raw });
        fold.apply(JSON.parse(raw));
        messages++;
      }
    }
    segments.push({ ...decoded, entries });
    infos.push({
      ...recording.segments[i]!,
      lines: entries.length,
      messages,
      checkpoints,
      seq: {},
    });
  }
  return {
    ...recording,
    instruments: translator.instruments(),
    segments: infos,
    segment: (i) => {
      const segment = segments[i];
      return segment
        ? Promise.resolve(segment)
        : Promise.reject(new RangeError(`no segment ${i} in ${recording.dir}`));
    },
    async *entries() {
      for (const segment of segments) yield* segment.entries;
    },
  };
}
