/**
 * A recording set (a folder with `sources.json`, see ./recording-set-file.ts) opened as one
 * {@link Recording}: its sub-recordings' entries merged by receive time, every instrument id
 * prefixed by its source (`kraken:BTC/USD`, `sim:ACME`). One replay server over it plays all
 * sources on one clock by construction: pause, speed, seek and loop act on all together.
 *
 * The merged recording is cut into windows of SEGMENT_MAX_MS of recorded time, each a segment
 * built when asked for (three kept): a checkpoint at its top holding every source's state
 * there (each sub-recording seeked to that moment), then the sources' entries in the window,
 * merged k ways, with a checkpoint every CHECKPOINT_INTERVAL_MS, so a seek folds at most one
 * interval of every source, as in a single recording. An exchange's sub-recording is
 * translated by its adapter first, as a single one is (./translated-recording.ts).
 */
import { join } from 'node:path';
import type { Instrument, SnapshotMessage, Tick, TicksMessage } from '../protocol/feed';
import { formatInstrumentName } from '../protocol/source-names';
import {
  CHECKPOINT_INTERVAL_MS,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  SEGMENT_MAX_MS,
  segmentFileName,
  type Entry,
  type SegmentInfo,
} from './format';
import { openRecording, type Recording } from './recording-reader';
import { readRecordingSetFile, recordedSourceNames } from './recording-set-file';
import { seek } from './seek';
import { grownPast, type DecodedSegment } from './segment-reader';
import { StateFold } from './state-fold';
import { openTranslatedRecording, type FrameTranslatorFactory } from './translated-recording';

/** Merged segments kept in memory (the current one, the next, one spare). */
const MERGED_CACHE = 3;
/**
 * Building a window yields to the event loop once it has run this long, so the replay server
 * serves its clients between (a busy minute of several sources takes a while to merge).
 */
const BUILD_SLICE_MS = 10;
/** Entries between two looks at the clock. */
const CLOCK_EVERY_ENTRIES = 64;

/** Options of {@link openRecordingSet}. */
export interface OpenSetOptions {
  readonly onWarning?: (message: string) => void;
  /** Translates an exchange's sub-recording; without it such a set is refused. */
  readonly translate?: FrameTranslatorFactory;
}

/** An open recording set; `close` releases its sub-recordings (translation spill folders). */
export interface RecordingSet extends Recording {
  /** The recorded sources' names, each once, the prefixes of their instruments. */
  readonly sources: readonly string[];
  close(): Promise<void>;
}

/** An entry of one source, ready to merge: a message keeps its prefixed object, for the fold. */
interface Prefixed {
  readonly entry: Entry;
  readonly message?: object;
}

/** Yields to the event loop every BUILD_SLICE_MS of work; call `due` now and then. */
class Slicer {
  private start = performance.now();
  private count = 0;

  async due(): Promise<void> {
    if (++this.count % CLOCK_EVERY_ENTRIES !== 0) return;
    if (performance.now() - this.start < BUILD_SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.start = performance.now();
  }
}

/**
 * One stream: its source's name and its recording (translated when it holds an exchange's
 * messages). A source recorded in several periods has a part per period, all with its name,
 * so its instruments are the same ones in each, and nothing of it plays between them.
 */
interface Part {
  readonly name: string;
  readonly recording: Recording & { close?: () => Promise<void> };
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
  try {
    for (const source of file.sources) parts.push(await openPart(dir, source, opts, warn));
  } catch (err) {
    await Promise.all(parts.map((p) => p.recording.close?.()));
    throw err;
  }
  const names = recordedSourceNames(file);
  const start = Math.min(...parts.map((p) => p.recording.start));
  const end = Math.max(...parts.map((p) => p.recording.end));
  const count = Math.floor((end - start) / SEGMENT_MAX_MS) + 1;
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

async function openPart(
  dir: string,
  source: { readonly name: string; readonly dir: string },
  opts: OpenSetOptions,
  warn: (m: string) => void,
): Promise<Part> {
  const recording = await openRecording(join(dir, source.dir), { onWarning: warn });
  if (recording.feed === null) return { name: source.name, recording };
  if (!opts.translate)
    throw new Error(
      `${recording.dir}: a recording of the ${recording.feed} feed holds the exchange's own ` +
        'messages; replay it in the Tickdeck app, which has the exchange adapters',
    );
  const translated = await openTranslatedRecording(recording, opts.translate(recording.feed));
  return { name: source.name, recording: translated };
}

/** Builds merged window `i`: entries received in (lo, hi], with checkpoints (module comment). */
async function buildWindow(
  parts: readonly Part[],
  i: number,
  lo: number,
  hi: number,
  set: { readonly start: number; readonly source: string },
): Promise<DecodedSegment> {
  const fold = new StateFold();
  const entries: Entry[] = [];
  let lastCheckpointT = -Infinity;
  if (i > 0) {
    for (const part of parts) {
      // A source that started later has no state yet (a seek would clamp to its start).
      if (part.recording.start > lo) continue;
      const { fold: at } = await seek(part.recording, lo);
      for (const snap of at.snapshots()) fold.apply(prefixSnapshot(part.name, snap));
    }
    entries.push({ kind: 'checkpoint', t: lo, snapshots: fold.snapshots() });
    lastCheckpointT = lo;
  }
  const slicer = new Slicer();
  const streams: Prefixed[][] = [];
  for (const part of parts) streams.push(await windowOf(part, lo, hi, slicer));
  const at = streams.map(() => 0);
  // k-way merge: the earliest next entry of any source; on a tie, the source listed first.
  for (;;) {
    let best = -1;
    for (let s = 0; s < streams.length; s++) {
      const e = streams[s]![at[s]!];
      if (e && (best < 0 || e.entry.t < streams[best]![at[best]!]!.entry.t)) best = s;
    }
    if (best < 0) break;
    const { entry, message } = streams[best]![at[best]!++]!;
    if (message) {
      if (entry.t - lastCheckpointT >= CHECKPOINT_INTERVAL_MS) {
        const snapshots = fold.snapshots();
        if (snapshots.length > 0) entries.push({ kind: 'checkpoint', t: entry.t, snapshots });
        lastCheckpointT = entry.t;
      }
      fold.apply(message);
    }
    entries.push(entry);
    await slicer.due();
  }
  return {
    header: {
      k: 'header',
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      segment: i,
      source: set.source,
      start: set.start,
      instruments: [],
    },
    entries,
    complete: true,
    warnings: [],
  };
}

/** One source's entries received in (lo, hi], ids prefixed, in order; checkpoints left out. */
async function windowOf(
  { name, recording }: Part,
  lo: number,
  hi: number,
  slicer: Slicer,
): Promise<Prefixed[]> {
  const out: Prefixed[] = [];
  for (let s = 0; s < recording.segments.length; s++) {
    const info = recording.segments[s]!;
    if (info.lines === 0 || info.start > hi || info.end <= lo) continue;
    const segment = await recording.segment(s);
    await grownPast(segment, hi);
    for (const e of segment.entries) {
      if (e.t <= lo || e.t > hi) continue;
      if (e.kind === 'mark')
        out.push({
          entry:
            e.instrument === undefined
              ? e
              : { ...e, instrument: formatInstrumentName(name, e.instrument) },
        });
      else if (e.kind === 'message') {
        const message = prefixMessage(name, e.raw);
        if (message !== null)
          out.push({ entry: { kind: 'message', t: e.t, raw: JSON.stringify(message) }, message });
      }
      await slicer.due();
    }
  }
  return out;
}

/**
 * The frame with its instrument ids prefixed, for the frames a replay sends (`snapshot`,
 * `ticks`); null for the others (the replay server speaks `hello`, `status`, `heartbeat` and
 * `replay` itself) and for text that is not a JSON object.
 */
function prefixMessage(name: string, raw: string): object | null {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const message = m as Partial<SnapshotMessage> | Partial<TicksMessage>;
  if (message.op === 'snapshot' && typeof message.instrument === 'string')
    return prefixSnapshot(name, message as SnapshotMessage);
  if (message.op !== 'ticks' || !Array.isArray(message.ticks)) return null;
  return {
    ...message,
    ticks: message.ticks.map((t: unknown) =>
      typeof t === 'object' && t !== null && typeof (t as Tick).instrument === 'string'
        ? { ...t, instrument: formatInstrumentName(name, (t as Tick).instrument) }
        : t,
    ),
  };
}

function prefixSnapshot(name: string, snap: SnapshotMessage): SnapshotMessage {
  return { ...snap, instrument: formatInstrumentName(name, snap.instrument) };
}
