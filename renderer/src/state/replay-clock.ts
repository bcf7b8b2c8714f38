/**
 * The replay position between status updates. The host reports the position a few times a
 * second, so at 25× or 100× the timeline would jump seconds at a time; between reports the bar
 * moves it on at the replay's rate, every animation frame.
 */
import type { ReplayInfo } from '../../../protocol/feed';
import type { ReplayStatus } from '../../../protocol/health';

/**
 * Longest a position is carried forward past the last report, wall-clock ms: a replay that
 * stalls (a slow disk, a paused host) must not run on far ahead of what was replayed.
 */
export const MAX_EXTRAPOLATION_MS = 1_000;

/** A reported position, when it arrived, and the replay's rate (recorded ms per wall ms). */
export interface ReplayAnchor {
  readonly position: number;
  readonly atMs: number;
  readonly rate: number;
  /** The report's play state and speed: with its position, what makes a report new. */
  readonly playing: boolean;
  readonly speed: number;
}

/**
 * The anchor for a new report. At a set speed the rate is the speed; at Max (speed 0) it is
 * the rate seen between the last two reports.
 */
export function anchorReport(
  status: ReplayInfo,
  nowMs: number,
  prev: ReplayAnchor | null,
): ReplayAnchor {
  // The health comes again with no new report (a `--feed` replay server reports once a second,
  // the page takes health four times a second): anchored again, the playhead went back to the
  // last report each time (bug 232).
  if (
    prev !== null &&
    prev.position === status.position &&
    prev.playing === status.playing &&
    prev.speed === status.speed
  )
    return prev;
  let rate = status.speed;
  if (rate === 0) {
    const dt = prev ? nowMs - prev.atMs : 0;
    const dp = prev ? status.position - prev.position : 0;
    rate = dt > 0 && dp > 0 ? dp / dt : (prev?.rate ?? 0);
  }
  return {
    position: status.position,
    atMs: nowMs,
    rate,
    playing: status.playing,
    speed: status.speed,
  };
}

/** The position to show at `nowMs`: carried on while playing, within the range and recording. */
export function positionAt(status: ReplayStatus, anchor: ReplayAnchor, nowMs: number): number {
  if (!status.playing) return status.position;
  const elapsed = Math.min(MAX_EXTRAPOLATION_MS, Math.max(0, nowMs - anchor.atMs));
  const limit = Math.min(status.end, status.rangeTo);
  const carried = anchor.position + elapsed * anchor.rate;
  return anchor.position >= limit ? anchor.position : Math.min(limit, carried);
}
