/**
 * Opens a recording folder: validates it, loads (or rebuilds) the index, and streams entries
 * segment by segment. Problems a user can live with (a truncated last segment, a missing
 * index, garbage lines) become warnings; anything else a {@link RecordingError}.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Instrument } from '../protocol/feed';
import { parseFeedTarget } from '../protocol/feed-target';
import {
  INDEX_FILE,
  RecordingError,
  SEGMENT_PATTERN,
  segmentFileName,
  type Entry,
  type SegmentHeader,
  type SegmentInfo,
} from './format';
import { listSegments, readIndex } from './recording-index';
import { cutWarnings, type SegmentCut } from './recording-cut';
import { listRecordings } from './recording-list';
import { segmentCache } from './segment-cache';
import type { DecodedSegment } from './segment-reader';
import { helloInstruments, scanInfo } from './segment-scan';

/** An open recording. */
export interface Recording {
  readonly dir: string;
  readonly source: string;
  /**
   * The exchange feed target whose raw messages the recording holds (`kraken:BTC/USD`), or
   * null for Tickdeck protocol frames. Recordings made before headers carried `feed` name the
   * exchange target as their `source`.
   */
  readonly feed: string | null;
  /** Receive time of the first and last line, epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly instruments: readonly Instrument[];
  readonly segments: readonly SegmentInfo[];
  /** Things the user should know (truncation, rebuilt index, skipped lines). */
  readonly warnings: readonly string[];
  /** Decodes segment `i` (recent ones are cached, the next one prefetched). */
  segment(i: number): Promise<DecodedSegment>;
  /** Every entry in order. */
  entries(): AsyncGenerator<Entry>;
}

/** Options of {@link openRecording}. */
export interface OpenOptions {
  /** Called once per warning, as found (also collected in `warnings`). */
  readonly onWarning?: (message: string) => void;
  /**
   * Takes the segments found cut short instead of a warning of them (a set says one for all its
   * streams: recording-set.ts); without it, the recording warns (recording-cut.ts).
   */
  readonly onCut?: (cut: SegmentCut) => void;
}

/** Recordings a folder of them names when it is opened as one. */
const NAMED_INSTEAD = 3;

/**
 * Why `dir` is not a recording. The recordings folder itself, picked by mistake, says so and
 * names its newest, as the recent list does.
 */
async function notOne(dir: string): Promise<string> {
  const not = `no segment files (${segmentFileName(0)}...): not a Tickdeck recording`;
  const held = await listRecordings(dir, NAMED_INSTEAD).catch(() => []);
  if (held.length === 0) return not;
  return `${not} but a folder of them: open one (the newest: ${held.map((r) => r.name).join(', ')})`;
}

/** Opens and validates a recording folder. */
export async function openRecording(dir: string, opts: OpenOptions = {}): Promise<Recording> {
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    opts.onWarning?.(m);
  };
  const files = await listSegments(dir);
  if (files.length === 0) throw new RecordingError('NOT_A_RECORDING', dir, await notOne(dir));
  const { index, problem } = await readIndex(dir);
  // Reading segment i starts decoding i + 1 (see `segment` below).
  const decode = segmentCache(dir, files);
  // Segment 0 is always decoded: it proves the folder holds a recording of a version we read.
  const first = await decode(0);
  const indexed = new Map((index?.segments ?? []).map((s) => [s.file, s]));
  if (!index) warn(`${join(dir, INDEX_FILE)}: ${problem}; rebuilt by scanning segments`);
  const segments: SegmentInfo[] = [];
  const cuts: SegmentCut[] = [];
  let instruments: readonly Instrument[] = index?.instruments ?? first.header.instruments;
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    if (Number(SEGMENT_PATTERN.exec(file)?.[1]) !== i)
      warn(`${join(dir, file)}: segment numbering has a hole before it`);
    const known = indexed.get(file);
    if (known) {
      segments.push(known);
      continue;
    }
    let seg: DecodedSegment;
    try {
      seg = await decode(i);
    } catch (err) {
      // A recorder killed just after opening its next segment leaves it empty or headerless:
      // what came before is whole, so the recording ends there (docs/RELIABILITY.md, kill -9 loop).
      const lastCut = i > 0 && i === files.length - 1 && err instanceof RecordingError;
      if (!lastCut || (err.code !== 'FOREIGN_FILE' && err.code !== 'CORRUPT')) throw err;
      cuts.push({ file, lastT: null, last: true });
      files.pop();
      break;
    }
    seg.warnings.forEach(warn);
    if (!seg.complete) cuts.push(cutOf(seg, file, i === files.length - 1));
    const info = scanInfo(file, i, seg, (await stat(join(dir, file))).size);
    segments.push(info);
    const hello = helloInstruments(seg.entries);
    if (hello) instruments = hello;
    else if (seg.header.instruments.length > 0) instruments = seg.header.instruments;
  }
  for (const file of indexed.keys())
    if (!files.includes(file)) warn(`${join(dir, file)}: listed in the index but missing`);
  if (segments.every((s) => s.lines === 0))
    throw new RecordingError('NO_DATA', dir, 'the recording holds no data');
  const withData = segments.filter((s) => s.lines > 0);
  const start = withData[0]!.start;
  // A loop, not Math.max(...): an index may list more segments than fit in call arguments.
  const end = withData.reduce((latest, s) => Math.max(latest, s.end), -Infinity);
  const span = { dir, start, end };
  // Told once the span is known, which the warning gives.
  const tellCuts = (found: readonly SegmentCut[]): void => {
    if (opts.onCut) found.forEach(opts.onCut);
    else cutWarnings(span, found).forEach(warn);
  };
  tellCuts(cuts);
  /** Indexed segments whose warnings were told (a segment decoded again says them once). */
  const told = new Set<number>();
  const recording: Recording = {
    dir,
    source: first.header.source,
    feed: feedOf(first.header),
    start,
    end,
    instruments,
    segments,
    warnings,
    segment: async (i) => {
      const seg = await decode(i);
      if (i + 1 < files.length) void decode(i + 1);
      // Warnings of indexed segments surface when they are first decoded.
      if (indexed.has(files[i]!) && !told.has(i)) {
        told.add(i);
        seg.warnings.forEach(warn);
        if (!seg.complete) tellCuts([cutOf(seg, files[i]!, i === files.length - 1)]);
      }
      return seg;
    },
    async *entries() {
      for (let i = 0; i < segments.length; i++) yield* (await recording.segment(i)).entries;
    },
  };
  return recording;
}

/** `seg`, named `file`, as a cut segment. */
function cutOf(seg: DecodedSegment, file: string, last: boolean): SegmentCut {
  return { file, lastT: seg.entries.at(-1)?.t ?? null, last };
}

/** The exchange target of `feed`, else of `source` (older recordings); null for neither. */
function feedOf(header: SegmentHeader): string | null {
  // Header fields come from a file: anything but an exchange target string is no feed.
  for (const value of [header.feed, header.source] as unknown[]) {
    if (typeof value !== 'string') continue;
    const parsed = parseFeedTarget(value);
    if (parsed.ok && parsed.target.kind === 'exchange') return value;
  }
  return null;
}
