import {
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { constants, gzipSync, gunzipSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingError, segmentFileName, type Entry } from './format';
import { openRecording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import { seek } from './seek';
import { formatDuration } from '../shared/duration';
import { killRecorder } from '../test-support/killed-recording';
import { syntheticFrames, writeSyntheticRecording } from '../test-support/recording-traffic';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-rec-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function messagesOf(dir: string): Promise<{ raws: string[]; warnings: readonly string[] }> {
  const rec = await openRecording(dir);
  const raws: string[] = [];
  for await (const e of rec.entries()) if (e.kind === 'message') raws.push(e.raw);
  return { raws, warnings: rec.warnings };
}

async function expectRecordingError(dir: string, code: string, file: string, text: RegExp) {
  const err = await openRecording(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RecordingError);
  expect((err as RecordingError).code).toBe(code);
  expect((err as RecordingError).file).toBe(file);
  expect((err as RecordingError).message).toMatch(text);
}

describe('recording reader', () => {
  it('returns every recorded frame verbatim and in order, across rolled segments', async () => {
    const dir = tempDir();
    const frames = await writeSyntheticRecording(dir, { messages: 5_000, segmentMaxMs: 10_000 });
    const { raws, warnings } = await messagesOf(dir);
    expect(raws).toEqual(frames.map((f) => f.raw));
    expect(warnings).toEqual([]);
    const rec = await openRecording(dir);
    expect(rec.segments.length).toBeGreaterThanOrEqual(5);
    expect(rec.start).toBe(frames[0]!.t);
    expect(rec.end).toBe(frames.at(-1)!.t);
    expect(rec.instruments.map((i) => i.id)).toContain('F0');
  });

  it('indexes a checkpoint every few seconds so a seek never replays more than that', async () => {
    const dir = tempDir();
    await writeSyntheticRecording(dir, { messages: 5_000, segmentMaxMs: 10_000 });
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    const times: number[] = index.segments.flatMap((s: { checkpoints: { t: number }[] }) =>
      s.checkpoints.map((c) => c.t),
    );
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_000);
    // Each checkpoint's byte offset points at its line in the uncompressed segment.
    const seg = index.segments[1];
    const text = gunzipSync(readFileSync(join(dir, seg.file))).toString('utf8');
    const cp = seg.checkpoints[0];
    expect(text.slice(cp.offset, cp.offset + 40)).toMatch(/^\{"t":\d+,"k":"checkpoint"/);
    expect(text.split('\n')[cp.line]).toMatch(/"k":"checkpoint"/);
    // The deflate stream restarts there: raw-inflating from that file offset reads the checkpoint.
    const tail = readFileSync(join(dir, seg.file)).subarray(cp.deflateOffset);
    const from = inflateRawSync(tail, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    expect(from.slice(0, 40)).toBe(text.slice(cp.offset, cp.offset + 40));
  });

  it('rebuilds a missing index by scanning, with a warning', async () => {
    const dir = tempDir();
    const frames = await writeSyntheticRecording(dir, { messages: 2_000, segmentMaxMs: 5_000 });
    unlinkSync(join(dir, 'index.json'));
    const { raws, warnings } = await messagesOf(dir);
    expect(raws).toEqual(frames.map((f) => f.raw));
    expect(warnings.join('\n')).toMatch(/index\.json: missing or unreadable; rebuilt/);
  });

  it('takes instruments only from a header or hello a client would accept, naming a bad header', async () => {
    const hello = (instruments: unknown): string =>
      JSON.stringify({ op: 'hello', protocol: 1, heartbeatMs: 1000, instruments });
    const acme = { id: 'ACME', kind: 'market', name: 'Acme', tickSize: 0.01 };
    const cases: [unknown, unknown[], unknown[]][] = [
      // header instruments, hellos recorded, the instruments the replay announces
      [5, [hello('abc')], []],
      [[{ id: 'X' }], [hello([acme]), hello([null, 5])], [acme]],
    ];
    for (const [header, hellos, expected] of cases) {
      const dir = tempDir();
      const writer = await RecordingWriter.create({
        dir,
        source: 'hostile feed',
        instruments: header as [],
      });
      for (const raw of hellos) writer.write(raw as string, Date.now());
      await writer.close();
      unlinkSync(join(dir, 'index.json'));
      const rec = await openRecording(dir);
      expect(rec.instruments).toEqual(expected);
      expect(rec.warnings.join('\n')).toMatch(
        /segment-000000\.ndjson\.gz: the header's instruments are not a valid list; ignored/,
      );
    }
  });

  it('cuts a truncated last segment with one warning naming the recording and what replays, never returning a partial line (bug 193)', async () => {
    const dir = tempDir();
    const frames = await writeSyntheticRecording(dir, { messages: 3_000, segmentMaxMs: 10_000 });
    const last = killRecorder(dir);
    const { raws, warnings } = await messagesOf(dir);
    expect(raws.length).toBeGreaterThan(1_000);
    expect(raws.length).toBeLessThan(frames.length);
    expect(raws).toEqual(frames.slice(0, raws.length).map((f) => f.raw));
    // One fact, one warning (it was two: "the gzip stream is truncated" and "ends without its
    // end line; replaying up to <ISO time>", each naming the segment file alone).
    const rec = await openRecording(dir);
    expect(warnings).toEqual([
      `Recording ${basename(dir)} was cut short: its recorder stopped abruptly, so it replays ` +
        `its first ${formatDuration(rec.end - rec.start)}, up to its last save (it stops in ${last}).`,
    ]);
  });

  it('skips garbage lines with a warning naming the file and line', async () => {
    const dir = tempDir();
    const frames = await writeSyntheticRecording(dir, { messages: 200 });
    const file = join(dir, segmentFileName(0));
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    lines.splice(5, 0, 'this is not json', '{"t":12,"m":');
    writeFileSync(file, gzipSync(lines.join('\n')));
    const { raws, warnings } = await messagesOf(dir);
    expect(raws).toEqual(frames.map((f) => f.raw));
    expect(warnings.join('\n')).toMatch(
      /segment-000000\.ndjson\.gz: skipped 2 unreadable line\(s\) \(line 6, 7\)/,
    );
  });

  it('refuses damaged gzip data with a typed error naming the segment', async () => {
    const dir = tempDir();
    await writeSyntheticRecording(dir, { messages: 500 });
    const file = join(dir, segmentFileName(0));
    const bytes = readFileSync(file);
    for (let i = 20; i < 40; i++) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(file, bytes);
    await expectRecordingError(dir, 'CORRUPT', file, /gzip data is damaged/);
  });

  it('names the file for a wrong format version, a foreign file and a missing folder', async () => {
    const dir = tempDir();
    await writeSyntheticRecording(dir, { messages: 100 });
    const file = join(dir, segmentFileName(0));
    const text = gunzipSync(readFileSync(file))
      .toString('utf8')
      .replace('"version":1', '"version":7');
    writeFileSync(file, gzipSync(text));
    unlinkSync(join(dir, 'index.json'));
    await expectRecordingError(
      dir,
      'UNSUPPORTED_VERSION',
      file,
      /format version 7; this Tickdeck reads version 1/,
    );

    writeFileSync(file, 'PK\x03\x04 a zip file, say');
    await expectRecordingError(dir, 'FOREIGN_FILE', file, /not a gzip file/);
    writeFileSync(file, gzipSync('{"hello":"world"}\n'));
    await expectRecordingError(
      dir,
      'FOREIGN_FILE',
      file,
      /first line is not a tickdeck-recording header/,
    );

    const missing = join(dir, 'nope');
    await expectRecordingError(missing, 'NOT_FOUND', missing, /no such folder/);
    const empty = tempDir();
    writeFileSync(join(empty, 'notes.txt'), 'hi');
    await expectRecordingError(empty, 'NOT_A_RECORDING', empty, /no segment files/);
  });

  it('names the newest recordings a folder of them holds, when it is opened as one', async () => {
    const root = tempDir();
    for (const name of ['2026-12-06_08-00-00', '2026-12-06_09-00-00'])
      await writeSyntheticRecording(join(root, name), { messages: 10 });
    const touched = new Date(Date.now() + 60_000);
    utimesSync(join(root, '2026-12-06_08-00-00'), touched, touched);
    await expectRecordingError(
      root,
      'NOT_A_RECORDING',
      root,
      /not a Tickdeck recording but a folder of them: open one \(the newest: 2026-12-06_08-00-00, 2026-12-06_09-00-00\)$/,
    );
  });

  it('refuses to record into a folder that already holds a recording', async () => {
    const dir = tempDir();
    await writeSyntheticRecording(dir, { messages: 10 });
    await expect(writeSyntheticRecording(dir, { messages: 10 })).rejects.toThrow(
      /already holds a recording/,
    );
  });

  it("refuses to record into a recording set's folder: opened, the set hid the new recording", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'sources.json'), '{}');
    await expect(writeSyntheticRecording(dir, { messages: 10 })).rejects.toThrow(
      /sources\.json: the folder already holds a recording/,
    );
  });

  it('writes disconnect markers and marks a seq gap where it happened', async () => {
    const dir = tempDir();
    const frames = [...syntheticFrames({ messages: 30 })];
    const writer = await RecordingWriter.create({ dir, source: 'test', now: () => frames[0]!.t });
    for (const f of frames) writer.write(f.raw, f.t);
    const t = frames.at(-1)!.t;
    writer.mark('disconnected', t + 1, { detail: 'socket closed (1006)' });
    writer.mark('connected', t + 500);
    const jump = {
      op: 'ticks',
      ticks: [
        {
          instrument: 'M0',
          seq: 9_999,
          ts: t,
          kind: 'quote',
          bid: 1,
          ask: 2,
          bidSize: 1,
          askSize: 1,
        },
      ],
    };
    writer.write(JSON.stringify(jump), t + 600);
    await writer.close();
    const rec = await openRecording(dir);
    const marks: Entry[] = [];
    for await (const e of rec.entries()) if (e.kind === 'mark') marks.push(e);
    expect(marks).toEqual([
      { kind: 'mark', t: t + 1, event: 'disconnected', detail: 'socket closed (1006)' },
      { kind: 'mark', t: t + 500, event: 'connected' },
      {
        kind: 'mark',
        t: t + 600,
        event: 'gap',
        instrument: 'M0',
        detail: expect.stringMatching(/^expected seq \d+, got 9999$/),
      },
    ]);
  });
});

/**
 * A gzip file of `header` then `mib` MiB of zeros: tiny on disk, huge inflated. Built from
 * repeated gzip members (readers inflate them as one stream), so it costs no time to make.
 */
function gzipBomb(path: string, header: string, mib: number): void {
  const zeros = gzipSync(Buffer.alloc(1024 * 1024), { level: constants.Z_BEST_COMPRESSION });
  writeFileSync(path, Buffer.concat([gzipSync(header), ...Array<Buffer>(mib).fill(zeros)]));
}

describe('recording reader bounds', () => {
  it('refuses a gzip bomb segment with a typed error, inflating no more than its bound', async () => {
    const dir = tempDir();
    const header = `${JSON.stringify({ k: 'header', format: 'tickdeck-recording', version: 1, segment: 0, source: 'x', start: 1, instruments: [] })}\n`;
    // 320 MiB of text in about 0.3 MB of gzip.
    gzipBomb(join(dir, segmentFileName(0)), header, 320);
    const rssBefore = process.memoryUsage().rss;
    await expectRecordingError(
      dir,
      'TOO_LARGE',
      join(dir, segmentFileName(0)),
      /inflates to more than that; a segment holds at most 64\.0 MiB of text/,
    );
    // The bound is 64 MiB of text; inflating the whole bomb would take 320 MiB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('ignores an index with a hostile field, naming it, and reads and seeks by scanning instead', async () => {
    const dir = tempDir();
    const frames = await writeSyntheticRecording(dir, { messages: 3_000, segmentMaxMs: 10_000 });
    const path = join(dir, 'index.json');
    const good = readFileSync(path, 'utf8');
    type Index = {
      segments: (Record<string, unknown> & { checkpoints: Record<string, unknown>[] })[];
    };
    const hostile: [string, (index: Index) => void, RegExp][] = [
      // A next checkpoint 1.5 GB into the file: a seek would size its read buffer by it.
      [
        'deflateOffset far past the file',
        (i) => (i.segments[1]!.checkpoints[1]!.deflateOffset = 1.5e9),
        /segments\[1\]\.checkpoints\[1\]\.deflateOffset: expected increasing file offsets/,
      ],
      [
        'negative deflateOffset',
        (i) => (i.segments[0]!.checkpoints[0]!.deflateOffset = -5),
        /segments\[0\]\.checkpoints\[0\]\.deflateOffset/,
      ],
      [
        'negative lines',
        (i) => (i.segments[0]!.lines = -1),
        /segments\[0\]\.lines: expected a count/,
      ],
      [
        'fractional messages',
        (i) => (i.segments[0]!.messages = 0.5),
        /segments\[0\]\.messages: expected a count/,
      ],
      [
        'start after end',
        (i) => (i.segments[1]!.start = (i.segments[1]!.end as number) + 1),
        /segments\[1\]\.start, \.end/,
      ],
      ['time beyond dates', (i) => (i.segments[0]!.end = 1e300), /segments\[0\]\.start, \.end/],
      [
        'checkpoint line past the segment',
        (i) => (i.segments[0]!.checkpoints[0]!.line = 1e9),
        /segments\[0\]\.checkpoints\[0\]\.line/,
      ],
      [
        'checkpoint time outside the segment',
        (i) => (i.segments[1]!.checkpoints[0]!.t = 0),
        /segments\[1\]\.checkpoints\[0\]\.t/,
      ],
      [
        'offset past the segment bytes',
        (i) => (i.segments[0]!.checkpoints[0]!.offset = 1e12),
        /segments\[0\]\.checkpoints\[0\]\.offset/,
      ],
      [
        'segment number not its file',
        (i) => (i.segments[2]!.segment = 7),
        /segments\[2\]\.segment/,
      ],
      [
        'compressedBytes as text',
        (i) => (i.segments[0]!.compressedBytes = '12'),
        /segments\[0\]\.compressedBytes/,
      ],
      ['seq not a range', (i) => (i.segments[0]!.seq = { M0: [1] }), /segments\[0\]\.seq/],
    ];
    for (const [name, mutate, problem] of hostile) {
      const index = JSON.parse(good) as Index;
      mutate(index);
      writeFileSync(path, JSON.stringify(index));
      const rec = await openRecording(dir);
      expect(rec.warnings.join('\n'), name).toMatch(problem);
      expect(rec.warnings.join('\n'), name).toMatch(/rebuilt by scanning segments/);
      const { raws } = await messagesOf(dir);
      expect(raws, name).toEqual(frames.map((f) => f.raw));
      const mid = await seek(rec, (rec.start + rec.end) / 2);
      expect(mid.fold.snapshots().length, name).toBeGreaterThan(0);
    }
  });

  it('ignores an index.json larger than its bound without reading it', async () => {
    const dir = tempDir();
    const frames = await writeSyntheticRecording(dir, { messages: 1_000, segmentMaxMs: 5_000 });
    truncateSync(join(dir, 'index.json'), 65 * 1024 * 1024); // sparse: no disk, no memory
    const { raws, warnings } = await messagesOf(dir);
    expect(raws).toEqual(frames.map((f) => f.raw));
    expect(warnings.join('\n')).toMatch(/index\.json: 68157440 bytes, more than the 67108864 read/);
  });
});
