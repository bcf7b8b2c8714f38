/**
 * State at any moment of a recording: the nearest checkpoint at or before `t` (found through
 * the index, so only one segment is decoded), then the messages up to `t` folded onto it.
 * "Up to t" means every entry before the first one whose receive time is later than `t` —
 * the same rule playback uses, so seeking to t equals playing from the start to t.
 */
import type { Recording } from './recording-reader';
import { StateFold } from './state-fold';

/** The state at a moment, and where playback continues from. */
export interface SeekResult {
  /** The moment, clamped to the recording's span, epoch ms. */
  readonly position: number;
  readonly fold: StateFold;
  /** Segment and entry index of the first entry after `position`. */
  readonly segment: number;
  readonly entry: number;
}

/** Folds one message line's text; unreadable text is skipped (the reader warned about framing). */
export function foldRaw(fold: StateFold, raw: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return;
  }
  fold.apply(parsed);
}

/** Finds the state at `t` (see the module comment). */
export async function seek(recording: Recording, t: number): Promise<SeekResult> {
  const position = Math.min(Math.max(t, recording.start), recording.end);
  const { segments } = recording;
  let s = 0;
  for (let i = 0; i < segments.length; i++) {
    const info = segments[i]!;
    if (info.lines > 0 && info.start <= position) s = i;
  }
  const { entries } = await recording.segment(s);
  // The last checkpoint at or before the position; the index says it exists, the scan finds it.
  let from = 0;
  let end = entries.length;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.t > position) {
      end = i;
      break;
    }
    if (e.kind === 'checkpoint') from = i;
  }
  const fold = new StateFold();
  for (let i = from; i < end; i++) {
    const e = entries[i]!;
    if (e.kind === 'checkpoint') {
      for (const snap of e.snapshots) fold.apply(snap);
    } else if (e.kind === 'message') foldRaw(fold, e.raw);
  }
  return end < entries.length || s === segments.length - 1
    ? { position, fold, segment: s, entry: end }
    : { position, fold, segment: s + 1, entry: 0 };
}
