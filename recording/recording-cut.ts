/**
 * What a user is told of a recording cut short: a segment without its end line, nearly always
 * the last one of a recorder that was killed (kill -9, a crash, power lost). Its gzip stream
 * is then truncated too, and its last line may be partial: details of the same fact, so one
 * warning says it, naming the recording and what of it replays (bug 193: two banners, "the gzip
 * stream is truncated" and "ends without its end line; replaying up to <ISO time>", named the
 * segment file and not the recording).
 */
import { basename } from 'node:path';
import { formatDuration } from '../shared/duration';

/** A segment that lacks its end line. */
export interface SegmentCut {
  /** Its file name. */
  readonly file: string;
  /** Receive time of its last whole line after the header, or null when it holds none. */
  readonly lastT: number | null;
  /** True for the recording's last segment: the recorder stopped there. */
  readonly last: boolean;
  /** The stream of a recording set it belongs to (`sim`), or undefined for a recording alone. */
  readonly stream?: string;
}

/** The recording as the warning names it and times it: its folder's name and its span. */
export interface CutRecording {
  readonly dir: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The warnings for `cuts` of `recording`: one for the recorder's stop (its last segments; a set's
 * streams all stop together), one for each segment cut in the middle (damaged).
 */
export function cutWarnings(recording: CutRecording, cuts: readonly SegmentCut[]): string[] {
  const name = `Recording ${basename(recording.dir)}`;
  const warnings: string[] = [];
  const stops = cuts.filter((c) => c.last);
  if (stops.length > 0) {
    const where = stops
      .map((c) => (c.stream === undefined ? c.file : `${c.stream}/${c.file}`))
      .join(', ');
    warnings.push(
      `${name} was cut short: its recorder stopped abruptly, so it replays its first ` +
        `${formatDuration(recording.end - recording.start)}, up to its last save (it stops in ${where}).`,
    );
  }
  for (const c of cuts.filter((cut) => !cut.last)) {
    const file = c.stream === undefined ? c.file : `${c.stream}/${c.file}`;
    const at =
      c.lastT === null ? 'after its header' : `at ${formatDuration(c.lastT - recording.start)}`;
    warnings.push(
      `${name}: ${file} stops ${at} without its end line (damaged); the rest of it is not replayed.`,
    );
  }
  return warnings;
}
