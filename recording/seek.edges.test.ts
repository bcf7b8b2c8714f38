import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentFileName, type Entry, type RecordingIndex } from './format';
import { openRecording, type Recording } from './recording-reader';
import { foldRaw, seek } from './seek';
import { StateFold } from './state-fold';
import { writeSyntheticRecording } from '../test-support/recording-traffic';

let dir: string;
let recording: Recording;
let all: Entry[];
const copies: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-seek-edges-'));
  await writeSyntheticRecording(dir, { messages: 2_500, segmentMaxMs: 8_000 });
  recording = await openRecording(dir);
  all = [];
  for await (const e of recording.entries()) all.push(e);
});
afterAll(() => {
  for (const d of [dir, ...copies]) rmSync(d, { recursive: true, force: true });
});

/** A copy of the recording with its index changed by `edit` (or removed, without one). */
async function copyWith(edit?: (index: RecordingIndex) => void): Promise<Recording> {
  const copy = mkdtempSync(join(tmpdir(), 'tickdeck-seek-copy-'));
  copies.push(copy);
  cpSync(dir, copy, { recursive: true });
  const path = join(copy, 'index.json');
  if (!edit) unlinkSync(path);
  else {
    const index = JSON.parse(readFileSync(path, 'utf8')) as RecordingIndex;
    edit(index);
    writeFileSync(path, JSON.stringify(index));
  }
  return openRecording(copy);
}

/** The state after playing the original recording from its start up to `t`. */
function playTo(t: number): StateFold {
  const fold = new StateFold();
  for (const e of all) {
    if (e.t > t) break;
    if (e.kind === 'message') foldRaw(fold, e.raw);
  }
  return fold;
}

describe('seek without a usable restart point', () => {
  it('says where playback continues: the segment and index of the first entry after t', async () => {
    const scanned = await copyWith();
    const { segments } = scanned;
    expect(segments.length).toBeGreaterThanOrEqual(3);
    const moments = [
      scanned.start + 1_234,
      segments[1]!.start - 1, // after segment 0's last entry: playback goes on in segment 1
      segments[1]!.start,
      segments.at(-1)!.start + 10,
    ];
    for (const t of moments) {
      const result = await seek(scanned, t);
      expect(result.entry, `${t - scanned.start} ms`).toBeDefined();
      const next = (await scanned.segment(result.segment)).entries[result.entry!];
      expect(next, `${t - scanned.start} ms`).toEqual(all.find((e) => e.t > t));
    }
    const atEnd = await seek(scanned, scanned.end);
    expect(atEnd.segment).toBe(segments.length - 1);
    expect((await scanned.segment(atEnd.segment)).entries[atEnd.entry!]).toBeUndefined();
  });

  it('decodes the whole segment when an index offset does not lead to a checkpoint', async () => {
    const t = recording.segments[1]!.checkpoints[1]!.t + 700;
    // Off by a byte: still a rising offset inside the file, so the index passes its check.
    const shifted = await copyWith((index) => {
      const cp = index.segments[1]!.checkpoints[1] as { deflateOffset: number };
      cp.deflateOffset += 1;
    });
    expect(shifted.warnings).toEqual([]);
    const result = await seek(shifted, t);
    expect(result.entry).toBeDefined(); // found by decoding the segment
    expect(result.fold.snapshots()).toEqual(playTo(t).snapshots());
  });
});

describe('seek at the edges of segments and checkpoints', () => {
  it('folds from the checkpoint at exactly t, not the one before it', async () => {
    const { checkpoints } = recording.segments[1]!;
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    const t = checkpoints[1]!.t; // the writer puts a frame of that moment after its checkpoint
    expect((await seek(recording, t)).fold.snapshots()).toEqual(playTo(t).snapshots());
  });

  it('skips a last segment that holds only its header (a recorder killed just after a roll)', async () => {
    const cut = await copyWith(() => {});
    const header = readFileSync(join(dir, segmentFileName(0)));
    const n = cut.segments.length;
    // Segment 0's header with the next number: its start is the recording's, before every moment.
    writeFileSync(join(cut.dir, segmentFileName(n)), gzipSync(`${headerLine(header, n)}\n`));
    const reopened = await openRecording(cut.dir);
    expect(reopened.segments.at(-1)!.lines).toBe(0);
    const t = (reopened.start + reopened.end) / 2;
    expect((await seek(reopened, t)).fold.snapshots()).toEqual(playTo(t).snapshots());
  });
});

/** The header line of segment `n`, made from the first line of a gzip segment file. */
function headerLine(gz: Buffer, n: number): string {
  const header = JSON.parse(gunzipSync(gz).toString('utf8').split('\n')[0]!) as object;
  return JSON.stringify({ ...header, segment: n });
}

describe('foldRaw', () => {
  it('skips text that is not JSON and folds text that is', () => {
    const fold = new StateFold();
    foldRaw(fold, '{"op":"snapshot",');
    expect(fold.size).toBe(0);
    const snapshot = all.find((e) => e.kind === 'message' && e.raw.includes('"op":"snapshot"'));
    foldRaw(fold, (snapshot as { raw: string }).raw);
    expect(fold.size).toBe(1);
  });
});
