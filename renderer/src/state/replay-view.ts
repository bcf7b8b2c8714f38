/** What the replay transport bar shows and sends: speeds, times, the timeline and the range. */
import type { ReplayInfo } from '../../../protocol/feed';
import type { Health, ReplayPlay, ReplayStatus } from '../../../protocol/health';
import { formatDuration, formatTime } from './format';

/** Speeds offered, as multiples of recorded time; 0 plays as fast as possible. */
export const REPLAY_SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 5, 10, 25, 100, 0];

/** "0.25×", "10×", or "Max" for as fast as possible. */
export function speedLabel(speed: number): string {
  return speed === 0 ? 'Max' : `${speed}×`;
}

/** The offered speeds, plus the current one if it was set elsewhere (e.g. 3× from a CLI). */
export function speedOptions(current: number): readonly number[] {
  if (REPLAY_SPEEDS.includes(current)) return REPLAY_SPEEDS;
  const finite = [...REPLAY_SPEEDS.filter((s) => s !== 0), current].sort((a, b) => a - b);
  return [...finite, 0];
}

/** A recording's name, the last part of its folder's path: what the replay bar calls it. */
export function recordingName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/** Recorded time of day with tenths, e.g. "14:03:27.4": steps are 1 s, so tenths show motion. */
export function formatReplayTime(ts: number): string {
  const tenths = Math.floor((((ts % 1000) + 1000) % 1000) / 100);
  return `${formatTime(ts)}.${tenths}`;
}

/** Time into the recording, e.g. "1:05 / 3:00". */
export function formatProgress(status: ReplayInfo, position = status.position): string {
  return `${formatDuration(position - status.start)} / ${formatDuration(status.end - status.start)}`;
}

/** The timeline slider's step, ms of recorded time. */
export const TIMELINE_STEP_MS = 100;

/**
 * Where a timeline value (ms from the start) lands, clamped into the recording. The slider
 * moves in whole steps, so it cannot reach an end that is not on one: its last step is the end
 * (bug 170: dragged to the end, it sought up to 99 ms short of it, and Play there played those
 * milliseconds and stopped, as if it did nothing, where at the end it starts again).
 */
export function timelineToTime(status: ReplayStatus, offsetMs: number): number {
  if (status.start + offsetMs + TIMELINE_STEP_MS > status.end) return status.end;
  return Math.max(status.start, status.start + offsetMs);
}

/** True when the range is narrower than the whole recording. */
export function hasRange(status: ReplayStatus): boolean {
  return status.rangeFrom > status.start || status.rangeTo < status.end;
}

/**
 * The range after setting one of its ends at the current position. Setting "from" at or after
 * "to" moves "to" to the end of the recording (and "to" at or before "from" moves "from" to
 * its start), so the user always gets a valid, non-empty range.
 */
export function rangeAt(
  status: ReplayStatus,
  edge: 'from' | 'to',
): { readonly from: number; readonly to: number } {
  const at = Math.min(status.end, Math.max(status.start, status.position));
  if (edge === 'from') {
    const to = status.rangeTo > at ? status.rangeTo : status.end;
    return { from: Math.min(at, to - 1), to };
  }
  const from = status.rangeFrom < at ? status.rangeFrom : status.start;
  return { from, to: Math.max(at, from + 1) };
}

/** The range as percentages of the timeline, for drawing it under the slider. */
export function rangePercent(status: ReplayStatus): {
  readonly left: number;
  readonly width: number;
} {
  const span = status.end - status.start;
  if (span <= 0) return { left: 0, width: 100 };
  const left = ((status.rangeFrom - status.start) / span) * 100;
  return { left, width: ((status.rangeTo - status.rangeFrom) / span) * 100 };
}

/**
 * The replay the health bar speaks for: the one opened here, else the recording a source's
 * server replays (a `--feed` of `npm run feed -- replay`) over its whole span, named by the
 * source's label; null while neither. The server's showed no position, progress or speed
 * (bug 232).
 */
export function shownReplay(health: Health | null): ReplayStatus | null {
  if (health === null) return null;
  if (health.replay) return health.replay;
  const served = health.sources?.find((s) => s.replaying) ?? health;
  const info = served.replaying;
  if (!info) return null;
  return { ...info, path: served.source.label, rangeFrom: info.start, rangeTo: info.end };
}

/**
 * The recorded time a replayed instrument's ages are measured at, given `reported`, its
 * replay's last reported position (freshness.ts's `replayPosition`), and the page's playhead:
 * the playhead where it follows that replay (the same report), so ages move on between a
 * `--feed` replay server's once-a-second reports (bug 269: they stepped once a second); never
 * before the report, so no data reads newer than it is.
 */
export function agesPosition(
  health: Health | null,
  reported: number | null,
  playhead: number | null,
): number | null {
  if (reported === null || playhead === null) return reported;
  return shownReplay(health)?.position === reported ? Math.max(reported, playhead) : reported;
}

/**
 * Whether a replay stands still, and why: "ended" at its recording's end (bug 234: it read
 * "paused" there, as if the trader had paused it), "paused" elsewhere; null while it plays or
 * for no replay.
 */
export function heldWord(play: ReplayPlay | null | undefined): 'paused' | 'ended' | null {
  if (!play || play.playing) return null;
  return play.position >= play.end ? 'ended' : 'paused';
}

/**
 * What a replay's chip reads while it stands still, "paused at 14:03:27.4" or "ended at …", in
 * place of the age of its data, which is not getting older (bug 230: "2 s", then "3 s", …);
 * null while it plays or for no replay.
 */
export function pausedText(play: ReplayPlay | null | undefined): string | null {
  const word = heldWord(play);
  return word === null ? null : `${word} at ${formatReplayTime(play!.position)}`;
}
