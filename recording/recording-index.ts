/**
 * The index: what each segment holds (time span, checkpoints, seq ranges), so a reader finds
 * the segment and checkpoint for a moment without decoding the others. The writer tallies
 * segments as it writes; a reader rebuilds entries by scanning segments the index lacks.
 */
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { indexProblem } from './index-check';
import {
  INDEX_FILE,
  MAX_INDEX_BYTES,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  RecordingError,
  SEGMENT_PATTERN,
  type CheckpointRef,
  type RecordingIndex,
  type SegmentInfo,
} from './format';
import { statRegularFile } from './regular-file';

/** Counts what goes into one segment while it is written. */
export class SegmentTally {
  lines = 0;
  bytes = 0;
  messages = 0;
  end: number;
  private readonly checkpoints: CheckpointRef[] = [];
  // No prototype: instrument ids come from the feed, and "__proto__" must stay a plain key.
  private readonly seq: Record<string, [number, number]> = Object.create(null) as Record<
    string,
    [number, number]
  >;

  constructor(
    readonly file: string,
    readonly segment: number,
    readonly start: number,
  ) {
    this.end = start;
  }

  line(text: string, t: number): void {
    this.lines++;
    this.bytes += Buffer.byteLength(text);
    if (t > this.end) this.end = t;
  }

  /** Call before the checkpoint's line is tallied, so it points at that line. */
  checkpoint(t: number): CheckpointRef {
    const ref: CheckpointRef = { t, line: this.lines, offset: this.bytes };
    this.checkpoints.push(ref);
    return ref;
  }

  message(parsed: unknown): void {
    this.messages++;
    const m = parsed as { op?: unknown; instrument?: unknown; seq?: unknown; ticks?: unknown };
    if (m.op === 'snapshot' && typeof m.instrument === 'string' && typeof m.seq === 'number')
      this.seen(m.instrument, m.seq);
    else if (m.op === 'ticks' && Array.isArray(m.ticks))
      // Tallied before validation (malformed frames are recorded too): any element may be junk.
      for (const t of m.ticks as ({ instrument?: unknown; seq?: unknown } | null)[])
        if (typeof t?.instrument === 'string' && typeof t.seq === 'number')
          this.seen(t.instrument, t.seq);
  }

  info(sizes: { bytes: number; compressedBytes: number }): SegmentInfo {
    return {
      file: this.file,
      segment: this.segment,
      start: this.start,
      end: this.end,
      lines: this.lines,
      messages: this.messages,
      bytes: sizes.bytes,
      compressedBytes: sizes.compressedBytes,
      checkpoints: this.checkpoints,
      seq: this.seq,
    };
  }

  private seen(instrument: string, seq: number): void {
    const range = this.seq[instrument];
    if (range) range[1] = seq;
    else this.seq[instrument] = [seq, seq];
  }
}

/** Writes `index.json` atomically (temp file + rename), so a crash never leaves half an index. */
export async function writeIndex(dir: string, index: RecordingIndex): Promise<void> {
  const tmp = join(dir, `${INDEX_FILE}.tmp`);
  try {
    await writeFile(tmp, `${JSON.stringify(index, null, 1)}\n`);
    await rename(tmp, join(dir, INDEX_FILE));
  } catch (err) {
    throw new Error(
      `${join(dir, INDEX_FILE)}: cannot write the index (${(err as Error).message})`,
      { cause: err },
    );
  }
}

/** Segment files in a folder, in order; throws when the folder is missing. */
export async function listSegments(dir: string): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (err) {
    const code = (err as { code?: string }).code;
    // A folder that is there but cannot be read (permissions, a link loop) must not read as gone.
    const problem =
      code === 'ENOENT'
        ? 'no such folder'
        : code === 'ENOTDIR'
          ? 'not a folder'
          : `cannot read the folder (${(err as Error).message})`;
    throw new RecordingError('NOT_FOUND', dir, problem);
  }
  return files.filter((f) => SEGMENT_PATTERN.test(f)).sort();
}

/** Outcome of {@link readIndex}: the index, or why it cannot be used. */
export type IndexRead =
  | { readonly index: RecordingIndex; readonly problem?: undefined }
  | { readonly index: null; readonly problem: string };

/**
 * Reads `index.json`. When it is missing, oversized, unparsable or has an invalid field, says
 * why (the caller scans the segments instead, with a warning); throws for a foreign file or
 * another format version.
 */
export async function readIndex(dir: string): Promise<IndexRead> {
  const path = join(dir, INDEX_FILE);
  let text: string;
  try {
    const { size } = await statRegularFile(path);
    if (size > MAX_INDEX_BYTES)
      return { index: null, problem: `${size} bytes, more than the ${MAX_INDEX_BYTES} read` };
    text = await readFile(path, 'utf8');
  } catch {
    return { index: null, problem: 'missing or unreadable' };
  }
  let index: unknown;
  try {
    index = JSON.parse(text);
  } catch {
    return { index: null, problem: 'not valid JSON' };
  }
  if (typeof index !== 'object' || index === null || Array.isArray(index))
    return { index: null, problem: 'not a JSON object' };
  const { format, version } = index as Partial<RecordingIndex>;
  if (format !== RECORDING_FORMAT)
    throw new RecordingError('FOREIGN_FILE', path, `not a ${RECORDING_FORMAT} index`);
  if (version !== RECORDING_VERSION)
    throw new RecordingError(
      'UNSUPPORTED_VERSION',
      path,
      `format version ${String(version)}; this Tickdeck reads version ${RECORDING_VERSION}`,
    );
  // A damaged index is rebuilt by scanning, like a missing one; the reader trusts what passes.
  const problem = indexProblem(index as Record<string, unknown>);
  return problem ? { index: null, problem } : { index: index as RecordingIndex };
}
