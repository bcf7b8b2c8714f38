/**
 * One merged window of a recording set (./recording-set.ts): every source's entries received in
 * a span of recorded time, ids prefixed by source, merged k ways by receive time, with a
 * checkpoint at its top holding every source's state there and one every
 * CHECKPOINT_INTERVAL_MS, so a seek folds at most one interval of every source.
 */
import type { Entry } from './format';
import { CHECKPOINT_INTERVAL_MS, RECORDING_FORMAT, RECORDING_VERSION } from './format';
import type { Recording } from './recording-reader';
import { seek } from './seek';
import { grownPast, type DecodedSegment } from './segment-reader';
import { formatInstrumentName } from '../protocol/source-names';
import { prefixMessage, prefixSnapshot } from './source-prefix';
import { StateFold } from './state-fold';

/**
 * Building a window yields to the event loop once it has run this long, so the replay server
 * serves its clients between (a busy minute of several sources takes a while to merge).
 */
const BUILD_SLICE_MS = 10;
/** Entries between two looks at the clock. */
const CLOCK_EVERY_ENTRIES = 64;

/**
 * One stream: its source's name and its recording (translated when it holds an exchange's
 * messages). A source recorded in several periods has a part per period, all with its name,
 * so its instruments are the same ones in each, and nothing of it plays between them.
 */
export interface Part {
  readonly name: string;
  readonly recording: Recording & { close?: () => Promise<void> };
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

/** Builds merged window `i`: entries received in (lo, hi], with checkpoints (module comment). */
export async function buildWindow(
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
