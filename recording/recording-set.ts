/**
 * A recording set (a folder with `sources.json`, see ./recording-set-file.ts) opened as one
 * {@link Recording}: its sub-recordings' entries merged by receive time, every instrument id
 * prefixed by its source (`kraken:BTC/USD`, `sim:ACME`). One replay server over it plays all
 * sources on one clock by construction: pause, speed, seek and loop act on all together.
 *
 * The merged recording is cut into windows of SEGMENT_MAX_MS of recorded time, each a segment
 * built when asked for (three kept) by ./merged-window.ts, with checkpoints so a seek folds at
 * most one interval of every source, as in a single recording. An exchange's sub-recording is
 * translated by its adapter first, as a single one is (./translated-recording.ts).
 */
import { join } from 'node:path';
import type { Instrument } from '../protocol/feed';
import { formatInstrumentName } from '../protocol/source-names';
import { RecordingError, SEGMENT_MAX_MS, segmentFileName, type SegmentInfo } from './format';
import { buildWindow, type Part } from './merged-window';
import { openPlayable, type PlayOptions } from './playable-recording';
import type { Recording } from './recording-reader';
import { cutWarnings, type SegmentCut } from './recording-cut';
import {
  readRecordingSetFile,
  recordedSourceNames,
  type RecordingSetSource,
} from './recording-set-file';
import type { DecodedSegment } from './segment-reader';

/** Merged segments kept in memory (the current one, the next, one spare). */
const MERGED_CACHE = 3;

/** Options of {@link openRecordingSet}. */
/** A set's streams open as a single recording does (./playable-recording). */
export type OpenSetOptions = PlayOptions;

/** An open recording set; `close` releases its sub-recordings (translation spill folders). */
export interface RecordingSet extends Recording {
  /** The recorded sources' names, each once, the prefixes of their instruments. */
  readonly sources: readonly string[];
  close(): Promise<void>;
}

/** Opens the set in `dir`; a bad `sources.json` or sub-recording is an error naming it. */
export async function openRecordingSet(
  dir: string,
  opts: OpenSetOptions = {},
): Promise<RecordingSet> {
  const file = await readRecordingSetFile(dir);
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    opts.onWarning?.(m);
  };
  const parts: Part[] = [];
  // One kill -9 cuts every stream: one warning says so for the set, once its span is known.
  const cuts: SegmentCut[] = [];
  let tellCut = (cut: SegmentCut): void => void cuts.push(cut);
  let skipped: RecordingError | null = null;
  for (const source of file.sources) {
    try {
      const onCut = (cut: SegmentCut) => tellCut({ ...cut, stream: source.dir });
      parts.push(await openPart(dir, source, { ...opts, onCut }, warn));
    } catch (err) {
      // A stream killed within a flush of being opened (a source joined or added again just
      // before a crash) holds an empty first segment, and one of a source that never delivered
      // (down all along) only its header: the others are whole and play without it.
      if (!isUnreadableStream(err)) {
        await Promise.all(parts.map((p) => p.recording.close?.()));
        throw err;
      }
      skipped ??= err;
      warn(skippedStreamWarning(source, err));
    }
  }
  if (parts.length === 0) throw skipped!;
  const names = recordedSourceNames(file).filter((n) => parts.some((p) => p.name === n));
  const start = Math.min(...parts.map((p) => p.recording.start));
  const end = Math.max(...parts.map((p) => p.recording.end));
  const count = Math.floor((end - start) / SEGMENT_MAX_MS) + 1;
  tellCut = (cut) => cutWarnings({ dir, start, end }, [cut]).forEach(warn);
  cutWarnings({ dir, start, end }, cuts).forEach(warn);
  // Window i holds entries received in (bound(i), bound(i + 1)]; window 0 starts at `start`.
  const bound = (i: number) => start - 1 + i * SEGMENT_MAX_MS;
  const segments: SegmentInfo[] = Array.from({ length: count }, (_, i) => ({
    file: segmentFileName(i),
    segment: i,
    start: i === 0 ? start : bound(i),
    end: Math.min(bound(i + 1), end),
    // Not known before the window is built; never 0, so a seek may pick any window.
    lines: 1,
    messages: 0,
    bytes: -1,
    compressedBytes: 0,
    checkpoints: [],
    seq: {},
  }));
  const cache = new Map<number, Promise<DecodedSegment>>();
  const segment = (i: number): Promise<DecodedSegment> => {
    if (!Number.isInteger(i) || i < 0 || i >= count)
      return Promise.reject(new RangeError(`no segment ${i} in ${dir}`));
    let found = cache.get(i);
    if (!found) {
      found = buildWindow(parts, i, bound(i), bound(i + 1), { start, source: names.join(' + ') });
      found.catch(() => {}); // a window built ahead that nobody awaits must not go unhandled
      cache.set(i, found);
      if (cache.size > MERGED_CACHE) cache.delete(cache.keys().next().value!);
    }
    return found;
  };
  let instruments: readonly Instrument[] = [];
  let counted = -1;
  const set: RecordingSet = {
    dir,
    source: names.join(' + '),
    feed: null,
    start,
    end,
    // An exchange's sub-recording announces instruments as translation reaches them.
    get instruments() {
      const lists = parts.map((p) => p.recording.instruments);
      const total = lists.reduce((n, list) => n + list.length, 0);
      if (total !== counted) {
        counted = total;
        // A source's later period may announce the same instruments: each once, as last known.
        const byId = new Map<string, Instrument>();
        parts.forEach((p, i) => {
          for (const ins of lists[i]!) {
            const id = formatInstrumentName(p.name, ins.id);
            byId.set(id, { ...ins, id });
          }
        });
        instruments = [...byId.values()];
      }
      return instruments;
    },
    segments,
    warnings,
    sources: names,
    segment,
    async *entries() {
      for (let i = 0; i < count; i++) yield* (await segment(i)).entries;
    },
    close: async () => {
      await Promise.all(parts.map((p) => p.recording.close?.()));
    },
  };
  return set;
}

/**
 * The warning for a stream played without, naming its source as recorded (`gamma, ws://…`);
 * one that holds only its header says why: its source never delivered while it was recorded.
 * It read "…/gamma: the recording holds no data" (bug 231), a folder the user never named.
 */
function skippedStreamWarning(source: RecordingSetSource, err: RecordingError): string {
  const label = source.label === '' || source.label === source.name ? '' : ` (${source.label})`;
  const period = source.dir === source.name ? '' : `, stream ${source.dir},`;
  const who = `Source ${source.name}${label}${period}`;
  if (err.code === 'NO_DATA')
    return `${who} delivered nothing while it was recorded: the recording plays without it`;
  return `${who} cannot be read (${err.message}): the recording plays without it`;
}

/** A stream that holds no readable data (bug 195); a missing folder is not one. */
function isUnreadableStream(err: unknown): err is RecordingError {
  if (!(err instanceof RecordingError)) return false;
  return err.code === 'FOREIGN_FILE' || err.code === 'CORRUPT' || err.code === 'NO_DATA';
}

async function openPart(
  dir: string,
  source: RecordingSetSource,
  opts: OpenSetOptions,
  warn: (m: string) => void,
): Promise<Part> {
  const recording = await openPlayable(join(dir, source.dir), { ...opts, onWarning: warn });
  return { name: source.name, recording };
}
