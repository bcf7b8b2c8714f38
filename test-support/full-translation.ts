/**
 * The reference for streaming exchange replay: the translation as it was before it streamed
 * (issue 14), restated plainly: every segment translated in order at open and kept in memory,
 * its index read off the translated entries afterwards, as a scan would. Tests hold
 * `openTranslatedRecording` to the same entries, index, instruments and seeks; it is slow and
 * grows with the recording, so it stays here.
 */
import type { Entry, FrameTranslator, Recording } from '../recording';
import { CHECKPOINT_INTERVAL_MS, type SegmentInfo } from '../recording/format';
import type { DecodedSegment } from '../recording/segment-reader';
import { StateFold } from '../recording/state-fold';

/** Translates every segment of `recording` at once. */
export async function translateWholeRecording(
  recording: Recording,
  translator: FrameTranslator,
): Promise<Recording> {
  const fold = new StateFold();
  let lastCheckpointT = -Infinity;
  const translated: DecodedSegment[] = [];
  for (let i = 0; i < recording.segments.length; i++) {
    const decoded = await recording.segment(i);
    const out: Entry[] = [];
    // A checkpoint at the top of every later segment and every interval, when there is state.
    const checkpointAt = (t: number) => {
      lastCheckpointT = t;
      if (fold.snapshots().length > 0)
        out.push({ kind: 'checkpoint', t, snapshots: fold.snapshots() });
    };
    if (i > 0 && decoded.entries.length > 0) checkpointAt(decoded.entries[0]!.t);
    for (const e of decoded.entries) {
      if (e.kind === 'mark') {
        if (e.event === 'connected') translator.reconnected();
        out.push(e);
      } else if (e.kind === 'message') {
        if (e.t - lastCheckpointT >= CHECKPOINT_INTERVAL_MS) checkpointAt(e.t);
        for (const message of translator.translate(e.raw, e.t)) {
          // Folded from its text, as a client would: the streamed translation folds the object.
          const raw = JSON.stringify(message);
          fold.apply(JSON.parse(raw));
          out.push({ kind: 'message', t: e.t, raw });
        }
      }
    }
    translated.push({ ...decoded, entries: out });
  }
  const segments: SegmentInfo[] = translated.map(({ entries }, i) => ({
    ...recording.segments[i]!,
    lines: entries.length,
    messages: entries.filter((e) => e.kind === 'message').length,
    // Lines count from the header (0); no byte offsets in memory.
    checkpoints: entries.flatMap((e, n) =>
      e.kind === 'checkpoint' ? [{ t: e.t, line: n + 1, offset: -1 }] : [],
    ),
    seq: {},
  }));
  return {
    ...recording,
    instruments: translator.instruments(),
    segments,
    segment: async (i) => {
      const segment = translated[i];
      if (!segment) throw new RangeError(`no segment ${i} in ${recording.dir}`);
      return segment;
    },
    async *entries() {
      for (const segment of translated) yield* segment.entries;
    },
  };
}
