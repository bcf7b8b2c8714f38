import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_SEGMENT_FILE_BYTES,
  RecordingError,
  segmentFileName,
  type Entry,
  type RecordingIndex,
} from './format';
import { decodeSegment, readFromRestartPoint, readSegment } from './segment-reader';
import { writeSyntheticRecording } from '../test-support/recording-traffic';

const HEADER = JSON.stringify({
  k: 'header',
  format: 'tickdeck-recording',
  version: 1,
  segment: 0,
  source: 'test',
  start: 1_000,
  instruments: [],
});
const END = '{"t":9000,"k":"end"}';
const PATH = '/recordings/x/segment-000000.ndjson.gz';

/** Decodes a segment made of `lines` (each ended by a newline unless `tail` is given). */
function decode(lines: string[], tail = '') {
  return decodeSegment(PATH, gzipSync(`${lines.map((l) => `${l}\n`).join('')}${tail}`));
}

async function refusal(promise: Promise<unknown>): Promise<RecordingError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RecordingError);
  return err as RecordingError;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-segment-'));
  dirs.push(dir);
  return dir;
}

describe('decodeSegment: framing of each line', () => {
  it('reads message times of any digits, and times that are not plain integers', async () => {
    const { entries, complete, warnings } = await decode([
      HEADER,
      '{"t":1764000000123,"m":{"op":"heartbeat","ts":1}}',
      '{"t":1.5,"m":{"a":1}}',
      '{"t":-3,"m":[]}',
      '{"t":1e3,"m":7}',
      END,
    ]);
    expect(entries).toEqual([
      { kind: 'message', t: 1_764_000_000_123, raw: '{"op":"heartbeat","ts":1}' },
      { kind: 'message', t: 1.5, raw: '{"a":1}' },
      { kind: 'message', t: -3, raw: '[]' },
      { kind: 'message', t: 1000, raw: '7' },
    ]);
    expect(complete).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('skips lines that are not framed, naming the first three and counting all', async () => {
    const junk = [
      '{"t":5:,"m":{}}', // a colon is no digit
      '{"t":/5,"m":{}}', // nor a slash
      '{"t":5,"m":{}} ', // no closing brace at the end
      '{"t":1e999,"k":"end"}', // a time no Date holds
      '{"t":5,"k":"checkpoint","snapshots":{}}',
      '{"t":5,"k":"mark","event":"paused"}',
      '{"t":5,"k":"note"}',
      '{"t":5}',
      '"t":5,"m":{}}',
      '{"t":,"m":{}}', // no time at all (Number('') is 0)
      '{"t":0x10,"m":{}}', // not a JSON number
    ];
    const { entries, complete, warnings } = await decode([HEADER, ...junk, END]);
    expect(entries).toEqual([]);
    expect(complete).toBe(true);
    expect(warnings).toEqual([`${PATH}: skipped 11 unreadable line(s) (line 2, 3, 4, ...)`]);
    const three = await decode([HEADER, ...junk.slice(0, 3), END]);
    expect(three.warnings).toEqual([`${PATH}: skipped 3 unreadable line(s) (line 2, 3, 4)`]);
  });

  it('skips a line timed beyond a Date, so a segment cut after it ends at its last readable line', async () => {
    const late = '{"t":99999999999999999999,"m":{"op":"heartbeat","ts":1}}';
    const { entries, complete, warnings } = await decode([HEADER, '{"t":5000,"m":{}}', late]);
    expect(entries).toEqual([{ kind: 'message', t: 5000, raw: '{}' }]);
    expect(complete).toBe(false);
    expect(warnings).toEqual([`${PATH}: skipped 1 unreadable line(s) (line 3)`]);
  });

  it('reads marks, checkpoints and the end line, and nothing after the end', async () => {
    const snapshot = { op: 'snapshot', instrument: 'A', seq: 1, state: {} };
    const { entries, complete } = await decode([
      HEADER,
      '{"t":10,"k":"mark","event":"connected"}',
      '{"t":11,"k":"mark","event":"gap","instrument":"A","detail":"expected seq 2, got 5"}',
      '{"t":12,"k":"mark","event":"disconnected","instrument":7,"detail":null}',
      `{"t":13,"k":"checkpoint","snapshots":${JSON.stringify([snapshot])}}`,
      END,
      '{"t":14,"m":{}}',
    ]);
    expect(entries).toEqual<Entry[]>([
      { kind: 'mark', t: 10, event: 'connected' },
      { kind: 'mark', t: 11, event: 'gap', instrument: 'A', detail: 'expected seq 2, got 5' },
      { kind: 'mark', t: 12, event: 'disconnected' },
      { kind: 'checkpoint', t: 13, snapshots: [snapshot as never] },
    ]);
    expect(complete).toBe(true);
  });
});

describe('decodeSegment: segments cut short or foreign', () => {
  it('cuts a partial last line: never data', async () => {
    const { entries, complete } = await decode([HEADER, '{"t":5,"m":{}}'], '{"t":6,"m"');
    expect(entries).toEqual([{ kind: 'message', t: 5, raw: '{}' }]);
    expect(complete).toBe(false);
  });

  it('leaves a cut to its recording to tell, once (bug 193)', async () => {
    // A killed recorder's segment is truncated gzip, cut mid-line and without its end line:
    // each was a warning of its own, naming the file and not the recording.
    const text = `${HEADER}\n{"t":1764000000000,"m":{}}\n{"t":17640000`;
    const cut = await decodeSegment(PATH, gzipSync(text).subarray(0, -8));
    expect(cut.entries).toHaveLength(1);
    expect(cut.complete).toBe(false);
    expect(cut.warnings).toEqual([]);
  });

  it('names an empty segment, a header of another format, and bytes that are not gzip', async () => {
    const empty = await refusal(decodeSegment(PATH, gzipSync('')));
    expect([empty.code, empty.message]).toEqual([
      'FOREIGN_FILE',
      `${PATH}: empty segment: no header line`,
    ]);
    const foreign = await refusal(decode(['{"k":"header","format":"other","version":1}']));
    expect(foreign.message).toBe(`${PATH}: first line is not a tickdeck-recording header`);
    const text = await refusal(decode(['not json at all']));
    expect(text.message).toBe(`${PATH}: first line is not a tickdeck-recording header`);
    // Two bytes are enough to be a gzip file; that one holds no header line.
    const magic = await refusal(decodeSegment(PATH, Buffer.from([0x1f, 0x8b])));
    expect(magic.message).not.toMatch(/not a gzip file/);
    for (const bytes of [[0x1f], [0x1f, 0x8c, 0], [0x1e, 0x8b, 0]]) {
      const err = await refusal(decodeSegment(PATH, Buffer.from(bytes)));
      expect([err.code, err.message]).toEqual([
        'FOREIGN_FILE',
        `${PATH}: not a gzip file, so not a Tickdeck segment`,
      ]);
    }
  });
});

describe('readSegment', () => {
  it('names a file it cannot read, and one too large without reading it', async () => {
    const dir = tempDir();
    const missing = join(dir, segmentFileName(0));
    const gone = await refusal(readSegment(missing));
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.message).toMatch(new RegExp(`^${missing}: cannot read: ENOENT`));
    const big = join(dir, segmentFileName(1));
    writeFileSync(big, '');
    truncateSync(big, MAX_SEGMENT_FILE_BYTES + 1); // sparse: no disk, no memory
    const large = await refusal(readSegment(big));
    expect([large.code, large.message]).toEqual([
      'TOO_LARGE',
      `${big}: is 65.0 MiB on disk; a segment holds at most 64.0 MiB of text (damaged or not a Tickdeck recording)`,
    ]);
    truncateSync(big, MAX_SEGMENT_FILE_BYTES); // at the bound: read, and found not gzip
    expect((await refusal(readSegment(big))).code).toBe('FOREIGN_FILE');
  });
});

describe('readFromRestartPoint', () => {
  let file: string;
  let offsets: number[];
  let size: number;

  beforeAll(async () => {
    const dir = tempDir();
    await writeSyntheticRecording(dir, { messages: 1_200 });
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as RecordingIndex;
    const segment = index.segments[0]!;
    file = join(dir, segment.file);
    offsets = segment.checkpoints.map((c) => c.deflateOffset!);
    size = readFileSync(file).length;
  });

  it('reads from one checkpoint to the next, or to the end line', async () => {
    expect(offsets.length).toBeGreaterThanOrEqual(2);
    const first = (await readFromRestartPoint(file, offsets[0]!, offsets[1]))!;
    expect(first[0]!.kind).toBe('checkpoint');
    expect(first.filter((e) => e.kind === 'checkpoint')).toHaveLength(1);
    const last = (await readFromRestartPoint(file, offsets.at(-1)!, undefined))!;
    expect(last[0]!.kind).toBe('checkpoint');
    const whole = await readSegment(file);
    expect(last.at(-1)).toEqual(whole.entries.at(-1));
    const from = whole.entries.findIndex((e) => e.t === last[0]!.t && e.kind === 'checkpoint');
    expect(last).toEqual(whole.entries.slice(from));
  });

  it('gives null for a span that is empty, outside the file or not at a restart point', async () => {
    const [a, b] = [offsets[0]!, offsets[1]!];
    expect(await readFromRestartPoint(file, a, a)).toBeNull();
    expect(await readFromRestartPoint(file, b, a)).toBeNull();
    expect(await readFromRestartPoint(file, -1, b)).toBeNull();
    expect(await readFromRestartPoint(file, a + 0.5, b)).toBeNull();
    expect(await readFromRestartPoint(file, a, size + 1)).toBeNull();
    expect(await readFromRestartPoint(file, a + 1, b)).toBeNull();
    expect(await readFromRestartPoint(file, a, size)).not.toBeNull();
  });
});
