import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_INDEX_BYTES, RecordingError, type RecordingIndex } from './format';
import { listSegments, readIndex, SegmentTally, writeIndex } from './recording-index';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-index-'));
  dirs.push(dir);
  return dir;
}

const INDEX: RecordingIndex = {
  format: 'tickdeck-recording',
  version: 1,
  source: 'test',
  start: 1_000,
  instruments: [],
  segments: [],
};

describe('SegmentTally', () => {
  it('counts lines, bytes and messages, and keeps the latest time as the end', () => {
    const tally = new SegmentTally('segment-000003.ndjson.gz', 3, 1_000);
    expect(tally.info({ bytes: 0, compressedBytes: 0 })).toMatchObject({
      start: 1_000,
      end: 1_000,
    });
    tally.line('{"t":1500}\n', 1_500);
    tally.line('{"t":1200,"é"}\n', 1_200); // a late line does not move the end back
    expect(tally.info({ bytes: 27, compressedBytes: 20 })).toEqual({
      file: 'segment-000003.ndjson.gz',
      segment: 3,
      start: 1_000,
      end: 1_500,
      lines: 2,
      messages: 0,
      bytes: 27,
      compressedBytes: 20,
      checkpoints: [],
      seq: {},
    });
    expect(tally.bytes).toBe(11 + 16); // bytes of UTF-8: é is two
  });

  it('points a checkpoint at the line and byte where it starts', () => {
    const tally = new SegmentTally('segment-000000.ndjson.gz', 0, 0);
    tally.line('header\n', 0);
    const ref = tally.checkpoint(10);
    expect(ref).toEqual({ t: 10, line: 1, offset: 7 });
    tally.line('checkpoint\n', 10);
    expect(tally.info({ bytes: 18, compressedBytes: 9 }).checkpoints).toEqual([ref]);
  });

  it('keeps the first and last seq per instrument from snapshots and ticks, skipping junk', () => {
    const tally = new SegmentTally('segment-000000.ndjson.gz', 0, 0);
    tally.message({ op: 'snapshot', instrument: 'A', seq: 4, state: {} });
    tally.message({
      op: 'ticks',
      ticks: [
        { instrument: 'A', seq: 5 },
        null,
        { instrument: 'B', seq: '7' },
        { instrument: 3, seq: 7 },
        { instrument: 'B', seq: 9 },
        { instrument: 'A', seq: 6 },
      ],
    });
    tally.message({ op: 'snapshot', instrument: 'C', seq: 'x' });
    tally.message({ op: 'ticks', ticks: 'none' });
    tally.message({
      op: 'heartbeat',
      instrument: 'D',
      seq: 1,
      ticks: [{ instrument: 'D', seq: 1 }],
    });
    const { seq, messages } = tally.info({ bytes: 0, compressedBytes: 0 });
    expect(messages).toBe(5);
    expect({ ...seq }).toEqual({ A: [4, 6], B: [9, 9] });
  });
});

describe('readIndex', () => {
  it('reads an index the writer wrote', async () => {
    const dir = tempDir();
    await writeIndex(dir, INDEX);
    expect(readFileSync(join(dir, 'index.json'), 'utf8').endsWith('}\n')).toBe(true);
    expect(await readIndex(dir)).toEqual({ index: INDEX });
  });

  it('says why it cannot use an index, so the reader scans instead', async () => {
    const dir = tempDir();
    const path = join(dir, 'index.json');
    expect(await readIndex(dir)).toEqual({ index: null, problem: 'missing or unreadable' });
    for (const [text, problem] of [
      ['{"format":', 'not valid JSON'],
      ['null', 'not a JSON object'],
      ['[1]', 'not a JSON object'],
      ['"index"', 'not a JSON object'],
    ]) {
      writeFileSync(path, text!);
      expect(await readIndex(dir), text).toEqual({ index: null, problem });
    }
    writeFileSync(path, JSON.stringify({ ...INDEX, start: -1 }));
    expect((await readIndex(dir)).problem).toMatch(/^start: /);
    truncateSync(path, MAX_INDEX_BYTES + 1);
    expect(await readIndex(dir)).toEqual({
      index: null,
      problem: `${MAX_INDEX_BYTES + 1} bytes, more than the ${MAX_INDEX_BYTES} read`,
    });
    truncateSync(path, MAX_INDEX_BYTES); // at the bound: read, and found not JSON
    expect(await readIndex(dir)).toEqual({ index: null, problem: 'not valid JSON' });
  });

  it('refuses an index of another format or version, naming it', async () => {
    const dir = tempDir();
    const path = join(dir, 'index.json');
    writeFileSync(path, JSON.stringify({ ...INDEX, format: 'other' }));
    await expect(readIndex(dir)).rejects.toMatchObject({
      code: 'FOREIGN_FILE',
      message: `${path}: not a tickdeck-recording index`,
    });
    writeFileSync(path, JSON.stringify({ ...INDEX, version: 2 }));
    const err = await readIndex(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordingError);
    expect(err).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      message: `${path}: format version 2; this Tickdeck reads version 1`,
    });
  });
});

describe('writeIndex', () => {
  it('replaces the index whole, and names the folder it cannot write to', async () => {
    const dir = tempDir();
    await writeIndex(dir, INDEX);
    await writeIndex(dir, { ...INDEX, source: 'second' });
    expect((await readIndex(dir)).index?.source).toBe('second');
    const missing = join(dir, 'gone');
    await expect(writeIndex(missing, INDEX)).rejects.toThrow(
      new RegExp(`^${join(missing, 'index.json')}: cannot write the index \\(ENOENT`),
    );
  });
});

describe('listSegments', () => {
  it('lists segment files in order, ignoring other files', async () => {
    const dir = tempDir();
    for (const name of [
      'segment-000001.ndjson.gz',
      'segment-000000.ndjson.gz',
      'segment-1.ndjson.gz',
      'segment-000002.ndjson',
      'index.json',
    ])
      writeFileSync(join(dir, name), '');
    mkdirSync(join(dir, 'sub'));
    expect(await listSegments(dir)).toEqual([
      'segment-000000.ndjson.gz',
      'segment-000001.ndjson.gz',
    ]);
  });

  it('names a missing folder and a path that is a file', async () => {
    const dir = tempDir();
    const missing = join(dir, 'nope');
    await expect(listSegments(missing)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${missing}: no such folder`,
    });
    const file = join(dir, 'file');
    writeFileSync(file, '');
    await expect(listSegments(file)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${file}: not a folder`,
    });
  });

  it('says a folder that is there but cannot be read is unreadable, not missing', async () => {
    const loop = join(tempDir(), 'loop');
    symlinkSync(loop, loop);
    await expect(listSegments(loop)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(
        /loop: cannot read the folder \(ELOOP: too many symbolic links/,
      ),
    });
  });
});
