/**
 * A recording of an exchange's raw messages, seen as Tickdeck protocol frames: every message
 * line goes through a {@link FrameTranslator} (./segment-translation.ts, which also rebuilds the
 * checkpoints), and replay, seek and subscriptions then work on it exactly as on a protocol
 * recording.
 *
 * An exchange adapter's state (a Kraken book, Coinbase's trade ids) builds up from the first
 * frame and cannot be rebuilt from anywhere else, so segments are translated once, in order,
 * and only as far as replay has asked (plus the next one, in the background, so playback does
 * not wait at a segment's end). A segment under translation is handed out at once and grows as
 * it is translated (see {@link DecodedSegment.entryReady}), so opening waits only for the first
 * chunk of its raw entries, whatever the size of the segment or the recording. A translated
 * segment is written to a spill folder in the same segment format, so reading it again (a seek
 * back) is a plain segment read; at most TRANSLATED_CACHE translated segments are held in
 * memory. A seek folds at most one checkpoint interval once it has reached its segment; a seek
 * past what is translated translates up to there first.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gzip, type ZlibOptions } from 'node:zlib';
import { messageLine, segmentFileName, type SegmentInfo } from './format';
import type { Recording } from './recording-reader';
import { GrowingEntries } from './growing-entries';
import { readSegment, type DecodedSegment } from './segment-reader';
import {
  SegmentTranslation,
  type FrameTranslator,
  type TranslatedSegmentInfo,
} from './segment-translation';

const gzipAsync = promisify<string, ZlibOptions, Buffer>(gzip);

/** Translated segments kept in memory (the current one, the one translated ahead, one spare). */
const TRANSLATED_CACHE = 3;
/** A translated recording; `close` removes its spill folder. */
export interface TranslatedRecording extends Recording {
  close(): Promise<void>;
}

/**
 * Opens `recording` for translation by `translator` (see the module comment). Its instruments
 * are those the translator has announced when asked (the first segment's at least), so an
 * instrument first seen late in a recording is announced only to clients that connect after
 * replay reached it.
 */
export async function openTranslatedRecording(
  recording: Recording,
  translator: FrameTranslator,
): Promise<TranslatedRecording> {
  const spillDir = await mkdtemp(join(tmpdir(), 'tickdeck-translated-'));
  const translation = new SegmentTranslation(translator);
  // Until a segment is translated its info is the raw one without checkpoints: seek needs only
  // its span to pick it, then asks for the segment, which translates it.
  const infos: SegmentInfo[] = recording.segments.map((s) => ({ ...s, checkpoints: [] }));
  /** Segments before this one are translated (and spilled). */
  let translated = 0;
  /** Whether each raw segment had its end line (its spill always has one). */
  const completeness: boolean[] = [];
  /** Set by `close`: a translation under way stops at its next yield. */
  let closed = false;
  let work: Promise<unknown> = Promise.resolve();
  const cache = new Map<number, Promise<DecodedSegment>>();
  const remember = (i: number, segment: Promise<DecodedSegment>): Promise<DecodedSegment> => {
    segment.catch(() => {}); // a translation ahead that nobody awaits must not go unhandled
    cache.delete(i);
    cache.set(i, segment);
    if (cache.size > TRANSLATED_CACHE) cache.delete(cache.keys().next().value!);
    return segment;
  };

  /**
   * Translates segment `translated`, handing it to `started` as soon as its raw entries are
   * read (its entries then grow as they are translated); resolves once it is whole and spilled.
   */
  const translateNext = async (started: (s: DecodedSegment) => void): Promise<DecodedSegment> => {
    const i = translated;
    const decoded = await recording.segment(i);
    const growing = new GrowingEntries();
    const { entries } = growing;
    const entryReady = (index: number) => growing.ready(index);
    started({ ...decoded, entries, entryReady });
    const stopped = () => (closed ? new Error(`${recording.dir}: replay closed`) : null);
    let found: TranslatedSegmentInfo;
    try {
      found = await translation.translate(i, decoded, growing, stopped);
    } catch (err) {
      growing.finish(err);
      throw err;
    }
    // Its index entry is true before readers learn it is whole.
    const { messages, checkpoints } = found;
    infos[i] = { ...recording.segments[i]!, lines: entries.length, messages, checkpoints, seq: {} };
    completeness[i] = decoded.complete;
    growing.finish();
    const segment: DecodedSegment = { ...decoded, entries };
    await spill(join(spillDir, segmentFileName(i)), segment);
    translated = i + 1;
    return segment;
  };

  /**
   * Translates, one segment at a time in order, up to segment `i`; resolves with it as soon as
   * its translation has started (growing), or read back from the spill if it was done before.
   */
  const translateUpTo = (i: number): Promise<DecodedSegment> =>
    new Promise((resolve, reject) => {
      const done = work.then(async () => {
        while (translated < i) {
          const n = translated;
          remember(n, Promise.resolve(await translateNext(() => {})));
        }
        if (translated === i) await translateNext(resolve);
        else resolve(await spilled(i));
      });
      // A failure after the start reaches readers through `entryReady`.
      done.catch(reject);
      work = done.catch(() => {}); // a damaged segment fails its readers, not the chain
    });
  const spilled = async (i: number): Promise<DecodedSegment> => ({
    ...(await readSegment(join(spillDir, segmentFileName(i)))),
    complete: completeness[i]!,
  });

  const segment = (i: number): Promise<DecodedSegment> => {
    if (!Number.isInteger(i) || i < 0 || i >= infos.length)
      return Promise.reject(new RangeError(`no segment ${i} in ${recording.dir}`));
    const found = cache.get(i) ?? remember(i, i < translated ? spilled(i) : translateUpTo(i));
    // Translate the next one ahead while this one plays.
    if (i + 1 < infos.length && !cache.has(i + 1) && i + 1 >= translated)
      void remember(i + 1, translateUpTo(i + 1));
    return found;
  };

  try {
    // The first chunk: the instruments the hello names and the first moments of playback.
    const first = await segment(0);
    await first.entryReady?.(0);
  } catch (err) {
    closed = true;
    await work;
    await rm(spillDir, { recursive: true, force: true });
    throw err;
  }
  const translatedRecording: TranslatedRecording = {
    ...recording,
    get instruments() {
      return translator.instruments();
    },
    segments: infos,
    segment,
    async *entries() {
      for (let i = 0; i < infos.length; i++) {
        const s = await segment(i);
        for (let n = 0; n < s.entries.length || (await s.entryReady?.(n)); n++) yield s.entries[n]!;
      }
    },
    close: async () => {
      closed = true;
      await work;
      await rm(spillDir, { recursive: true, force: true });
    },
  };
  return translatedRecording;
}

/** Writes a translated segment in the segment format, so `readSegment` reads it back. */
async function spill(path: string, segment: DecodedSegment): Promise<void> {
  const lines = [JSON.stringify(segment.header), '\n'];
  let end = segment.header.start;
  for (const e of segment.entries) {
    end = e.t;
    if (e.kind === 'message') lines.push(messageLine(e.t, e.raw));
    else if (e.kind === 'checkpoint')
      lines.push(`${JSON.stringify({ t: e.t, k: 'checkpoint', snapshots: e.snapshots })}\n`);
    else {
      const { kind: _, t, ...mark } = e;
      lines.push(`${JSON.stringify({ t, k: 'mark', ...mark })}\n`);
    }
  }
  // Always ended: a raw segment cut short has been read as far as it goes.
  lines.push(`${JSON.stringify({ t: end, k: 'end' })}\n`);
  // Fastest compression: the spill is read back by this process only, never kept.
  await writeFile(path, await gzipAsync(lines.join(''), { level: constants.Z_BEST_SPEED }));
}
