/**
 * The reference for streaming exchange replay: the translation as it was before it streamed
 * (issue 14), every segment translated in order at open and kept in memory. Tests hold
 * `openTranslatedRecording` to the same entries, instruments and seeks; it is slow and grows
 * with the recording, so it stays here.
 */
import type { Entry, FrameTranslator, Recording } from '../recording';
import { CHECKPOINT_INTERVAL_MS, type CheckpointRef, type SegmentInfo } from '../recording/format';
import type { DecodedSegment } from '../recording/segment-reader';
import { StateFold } from '../recording/state-fold';

/** Translates every segment of `recording` at once. */
export async function translateWholeRecording(
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
