/**
 * State at any moment of a recording: the nearest checkpoint at or before `t` (found through
 * the index, so only one segment is decoded), then the messages up to `t` folded onto it.
 * "Up to t" means every entry before the first one whose receive time is later than `t` —
 * the same rule playback uses, so seeking to t equals playing from the start to t.
 */
import { join } from 'node:path';
import type { Entry } from './format';
import type { Recording } from './recording-reader';
import { grownPast, readFromRestartPoint } from './segment-reader';
import { StateFold } from './state-fold';

/** The state at a moment, and where playback continues from. */
export interface SeekResult {
  /** The moment, clamped to the recording's span, epoch ms. */
  readonly position: number;
  readonly fold: StateFold;
  /** Segment of the first entry after `position`, and its index when known (see ReplayCursor). */
  readonly segment: number;
  readonly entry?: number;
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

/** Folds entries from `from` while their time is <= position; returns the index it stopped at. */
function foldUpTo(
  fold: StateFold,
  entries: readonly Entry[],
  from: number,
  position: number,
): number {
  let i = from;
  for (; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.t > position) break;
    if (e.kind === 'checkpoint') for (const snap of e.snapshots) fold.apply(snap);
    else if (e.kind === 'message') foldRaw(fold, e.raw);
  }
  return i;
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
  // Fast path: inflate from the checkpoint's restart point to the next one (at most a
  // checkpoint interval of data) instead of decoding the whole segment.
  const cps = segments[s]!.checkpoints;
  let c = -1;
  for (let i = 0; i < cps.length; i++) if (cps[i]!.t <= position) c = i;
  const cp = cps[c];
  if (cp?.deflateOffset !== undefined) {
    const path = join(recording.dir, segments[s]!.file);
    const entries = await readFromRestartPoint(path, cp.deflateOffset, cps[c + 1]?.deflateOffset);
    if (entries) {
      const fold = new StateFold();
      foldUpTo(fold, entries, 0, position);
      return { position, fold, segment: s };
    }
  }
  const segment = await recording.segment(s);
  await grownPast(segment, position);
  const { entries } = segment;
  // The last checkpoint at or before the position; the index says it exists, the scan finds it.
  let from = 0;
  for (let i = 0; i < entries.length && entries[i]!.t <= position; i++)
    if (entries[i]!.kind === 'checkpoint') from = i;
  const fold = new StateFold();
  const end = foldUpTo(fold, entries, from, position);
  return end < entries.length || s === segments.length - 1
    ? { position, fold, segment: s, entry: end }
    : { position, fold, segment: s + 1, entry: 0 };
}
