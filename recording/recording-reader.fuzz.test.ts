/**
 * Hostile recordings: random bytes as segments, real segments cut at any byte or with bytes
 * flipped, random lines, and hostile index and header JSON. Opening and reading must end in a
 * Recording (with warnings) or a RecordingError naming the file — never another exception, never
 * a hang — and a cut recording serves exactly the frames before the cut, verbatim.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_FORMAT, RecordingError, segmentFileName, type Entry } from './format';
import { openRecording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import { writeSyntheticRecording, type TimedFrame } from '../test-support/recording-traffic';

let root: string;
let template: string;
let frames: TimedFrame[];
let n = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tickdeck-reader-fuzz-'));
  template = join(root, 'template');
  // Three segments of about a second each, so cuts land in the first, a middle or the last.
  frames = await writeSyntheticRecording(template, {
    messages: 300,
    segmentMaxMs: 1_000,
    stepMs: 10,
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function copyOfTemplate(): string {
  const dir = join(root, `r${n++}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

function emptyDir(): string {
  const dir = join(root, `e${n++}`);
  mkdirSync(dir);
  return dir;
}

/** Opens and reads everything; returns the entries, or the RecordingError. Anything else fails. */
async function readAll(dir: string): Promise<{ entries: Entry[]; warnings: readonly string[] }> {
  const rec = await openRecording(dir);
  const entries: Entry[] = [];
  for await (const e of rec.entries()) entries.push(e);
  return { entries, warnings: rec.warnings };
}

async function outcome(dir: string) {
  try {
    return { ok: true as const, ...(await readAll(dir)) };
  } catch (err) {
    expect(err, String((err as Error)?.stack)).toBeInstanceOf(RecordingError);
    expect((err as RecordingError).message.startsWith((err as RecordingError).file)).toBe(true);
    return { ok: false as const, error: err as RecordingError };
  }
}

function messages(entries: readonly Entry[]): string[] {
  return entries.flatMap((e) => (e.kind === 'message' ? [e.raw] : []));
}

const segmentFiles = (): string[] => [0, 1, 2].map(segmentFileName);

/** Rewrites index.json without segment `from` and later, as the writer left it while writing `from`. */
function unindexFrom(dir: string, from: number): void {
  const path = join(dir, 'index.json');
  const index = JSON.parse(readFileSync(path, 'utf8')) as { segments: { segment: number }[] };
  index.segments = index.segments.filter((s) => s.segment < from);
  writeFileSync(path, JSON.stringify(index));
}

describe('recording reader under hostile files', () => {
  it('random bytes as a segment: a typed error or a readable recording, never a throw', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      // Valid gzip around random text, so the line parser sees the garbage.
      fc.string({ unit: 'binary', maxLength: 400 }).map((s) => new Uint8Array(gzipSync(s))),
      fc
        .tuple(fc.constantFrom(0x1f), fc.constantFrom(0x8b), fc.uint8Array({ maxLength: 200 }))
        .map(([a, b, rest]) => Uint8Array.from([a, b, ...rest])),
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (b) => {
        const dir = emptyDir();
        writeFileSync(join(dir, segmentFileName(0)), b);
        await outcome(dir);
      }),
      { numRuns: 50 },
    );
  });

  it('a segment cut at any byte serves exactly the frames before the cut, verbatim', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 2),
        fc.double({ min: 0, max: 1, maxExcluded: true }),
        fc.boolean(),
        async (seg, at, dropIndex) => {
          const dir = copyOfTemplate();
          // Segments after the cut never existed (the recorder was killed while writing `seg`).
          for (const later of segmentFiles().slice(seg + 1)) rmSync(join(dir, later));
          const file = join(dir, segmentFileName(seg));
          const bytes = readFileSync(file);
          writeFileSync(file, bytes.subarray(0, Math.floor(at * bytes.length)));
          // The writer indexes a segment when it closes: the one being written is never listed.
          if (dropIndex) rmSync(join(dir, 'index.json'));
          else unindexFrom(dir, seg);
          const result = await outcome(dir);
          if (!result.ok) {
            // Only a recording with nothing readable at all may be refused.
            expect(seg).toBe(0);
            return;
          }
          const raws = messages(result.entries);
          expect(raws).toEqual(frames.slice(0, raws.length).map((f) => f.raw));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('flipped bytes anywhere in a segment: a typed error or a recording, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 2),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, maxExcluded: true }),
            fc.integer({ min: 1, max: 255 }),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        async (seg, flips) => {
          const dir = copyOfTemplate();
          const file = join(dir, segmentFileName(seg));
          const bytes = readFileSync(file);
          for (const [at, xor] of flips) {
            const i = Math.floor(at * bytes.length);
            bytes[i] = bytes[i]! ^ xor;
          }
          writeFileSync(file, bytes);
          await outcome(dir);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('random lines between valid ones: framing is checked, no fragment is served as a frame', async () => {
    const junkLine = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? ''),
      fc.constantFrom('{"t":1,"m":', '{"t":NaN,"m":{}}', '{"t":1,"k":"end"', '{"t":1}', '{}'),
      fc.nat({ max: 120 }).map((i) => frames[i]!.raw.slice(0, 10 + i)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: 120 }), junkLine), { maxLength: 6 }),
        async (inserts) => {
          const dir = emptyDir();
          const lines = [
            JSON.stringify({
              k: 'header',
              format: RECORDING_FORMAT,
              version: 1,
              segment: 0,
              source: 'x',
              start: 0,
              instruments: [],
            }),
            ...frames.slice(0, 120).map((f) => `{"t":${f.t},"m":${f.raw}}`),
          ];
          for (const [at, junk] of inserts) lines.splice(1 + at, 0, junk.replace(/\n/g, ' '));
          writeFileSync(join(dir, segmentFileName(0)), gzipSync(`${lines.join('\n')}\n`));
          const result = await outcome(dir);
          // Junk lines are skipped with a warning; they never cost the user the recording.
          expect(result.ok ? '' : result.error.message).toBe('');
          if (!result.ok) return;
          const originals = new Set(frames.slice(0, 120).map((f) => f.raw));
          // Every real frame is served, in order; a junk line is served only if it is framed
          // as a whole message line (its content is the consumer's to validate).
          const served = messages(result.entries).filter((raw) => originals.has(raw));
          expect(served).toEqual(frames.slice(0, 120).map((f) => f.raw));
        },
      ),
      { numRuns: 70 },
    );
  });

  it('hostile index.json and header JSON: a typed error or a rebuilt index, never a throw', async () => {
    const hostileIndex = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({
        format: fc.constant(RECORDING_FORMAT),
        version: fc.constant(1),
        source: fc.jsonValue({ maxDepth: 1 }),
        start: fc.jsonValue({ maxDepth: 1 }),
        instruments: fc.jsonValue({ maxDepth: 2 }),
        segments: fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          fc.array(
            fc.record({
              file: fc.constantFrom(...segmentFiles(), 'nope'),
              segment: fc.jsonValue({ maxDepth: 1 }),
              start: fc.jsonValue({ maxDepth: 1 }),
              end: fc.jsonValue({ maxDepth: 1 }),
              lines: fc.jsonValue({ maxDepth: 1 }),
              checkpoints: fc.jsonValue({ maxDepth: 2 }),
            }),
            { maxLength: 3 },
          ),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(hostileIndex, async (index) => {
        const dir = copyOfTemplate();
        writeFileSync(join(dir, 'index.json'), JSON.stringify(index) ?? 'null');
        await outcome(dir);
      }),
      { numRuns: 70 },
    );
    const hostileHeader = fc.record(
      {
        k: fc.constant('header'),
        format: fc.constant(RECORDING_FORMAT),
        version: fc.constant(1),
        source: fc.jsonValue({ maxDepth: 1 }),
        start: fc.jsonValue({ maxDepth: 1 }),
        instruments: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['k', 'format', 'version'] },
    );
    await fc.assert(
      fc.asyncProperty(hostileHeader, async (header) => {
        const dir = emptyDir();
        const body = frames.slice(0, 20).map((f) => `{"t":${f.t},"m":${f.raw}}`);
        writeFileSync(
          join(dir, segmentFileName(0)),
          gzipSync(`${[JSON.stringify(header), ...body].join('\n')}\n`),
        );
        const result = await outcome(dir);
        expect(result.ok && messages(result.entries)).toEqual(
          frames.slice(0, 20).map((f) => f.raw),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('a recorder killed just after opening a new segment (empty file) loses nothing before it', async () => {
    for (const bytes of [Buffer.alloc(0), gzipSync('').subarray(0, 10)]) {
      const dir = copyOfTemplate();
      writeFileSync(join(dir, segmentFileName(2)), bytes);
      unindexFrom(dir, 2);
      const result = await outcome(dir);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const raws = messages(result.entries);
      expect(raws.length).toBeGreaterThan(150);
      expect(raws).toEqual(frames.slice(0, raws.length).map((f) => f.raw));
      expect(result.warnings.join('\n')).toMatch(/segment-000002\.ndjson\.gz/);
    }
  });

  it('records a feed naming instruments "__proto__" or "constructor" without polluting prototypes', async () => {
    const dir = join(root, `p${n++}`);
    const writer = await RecordingWriter.create({ dir, source: 'hostile', now: () => 1 });
    const raws = ['__proto__', 'constructor', '__proto__'].map((instrument, i) =>
      JSON.stringify({
        op: 'ticks',
        ticks: [{ instrument, seq: i + 1, ts: 1, kind: 'score', home: 0, away: 0 }],
      }),
    );
    raws.forEach((raw, i) => writer.write(raw, 1 + i));
    await writer.close();
    expect(({} as Record<string, unknown>)[1]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('1');
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
      segments: { seq: Record<string, unknown> }[];
    };
    expect(Object.getOwnPropertyDescriptor(index.segments[0]!.seq, '__proto__')?.value).toEqual([
      1, 3,
    ]);
    const { entries } = await readAll(dir);
    expect(messages(entries)).toEqual(raws);
  });
});
