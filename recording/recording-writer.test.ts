import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECORDED_FRAME_BYTES, type Entry } from './format';
import { openRecording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import { seek } from './seek';
import { syntheticFrames } from '../test-support/recording-traffic';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-writer-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function entriesOf(dir: string): Promise<Entry[]> {
  const rec = await openRecording(dir);
  const all: Entry[] = [];
  for await (const e of rec.entries()) all.push(e);
  return all;
}

const T0 = 1_764_000_000_000;

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// A rejection nobody handles ends the app (exit 1): count them while these tests run.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

/** A writer that rolls a segment every 200 ms of recorded time and flushes every 10 ms. */
function rollingWriter(dir: string): Promise<RecordingWriter> {
  return RecordingWriter.create({
    dir,
    source: 'test',
    now: () => T0,
    segmentMaxMs: 200,
    flushIntervalMs: 10,
  });
}

describe('RecordingWriter', () => {
  it('records malformed protocol frames verbatim and keeps recording after them', async () => {
    const dir = join(tempDir(), 'rec');
    const writer = await RecordingWriter.create({
      dir,
      source: 'test',
      now: () => T0,
      checkpointIntervalMs: 100,
    });
    const good = [...syntheticFrames({ messages: 40, start: T0, stepMs: 10, instruments: 2 })];
    const hostile = [
      '{"op":"ticks","ticks":null}',
      '{"op":"ticks","ticks":[null]}',
      '{}',
      '{"op":"ticks","ticks":[{}]}',
      '{"op":"snapshot","instrument":"X","seq":1,"state":{}}',
      '{"op":"hello","protocol":1,"heartbeatMs":1000,"instruments":[null]}',
    ];
    // A valid tick for the instrument whose snapshot was refused: folded without a state.
    const incident =
      '{"op":"ticks","ticks":[{"instrument":"X","seq":2,"ts":1,"kind":"incident","type":"goal","team":"home","clockMs":1}]}';
    // Half the good traffic, every hostile frame, then the rest: checkpoints fall after them.
    const half = good.length / 2;
    for (const f of good.slice(0, half)) writer.write(f.raw, f.t);
    const hostileAt = good[half - 1]!.t;
    for (const raw of [...hostile, incident]) writer.write(raw, hostileAt);
    for (const f of good.slice(half)) writer.write(f.raw, f.t);
    expect(writer.stats().error).toBeNull();
    expect(writer.stats().invalidFrames).toBe(hostile.length);
    await writer.close();

    const entries = await entriesOf(dir);
    const raws = entries.flatMap((e) => (e.kind === 'message' ? [e.raw] : []));
    // Every frame is on disk as received: the malformed ones too, in their place.
    expect(raws).toEqual([
      ...good.slice(0, half).map((f) => f.raw),
      ...hostile,
      incident,
      ...good.slice(half).map((f) => f.raw),
    ]);
    // Checkpoints hold only state folded from valid frames.
    const checkpoints = entries.flatMap((e) => (e.kind === 'checkpoint' ? [e] : []));
    expect(checkpoints.length).toBeGreaterThan(1);
    const last = checkpoints[checkpoints.length - 1]!;
    expect(last.snapshots.map((s) => s.instrument).sort()).toEqual(['F0', 'M0', 'M1']);
    const rec = await openRecording(dir);
    expect(rec.instruments.map((i) => i.id)).toEqual(['M0', 'M1', 'F0']);
    // A seek folds the recorded frames, malformed ones included, without throwing.
    const atHostile = await seek(rec, hostileAt);
    expect(
      atHostile.fold
        .snapshots()
        .map((s) => s.instrument)
        .sort(),
    ).toEqual(['F0', 'M0', 'M1']);
  });

  it('stops with a reported error when its folder is deleted, leaving nothing unhandled', async () => {
    const dir = join(tempDir(), 'rec');
    const writer = await rollingWriter(dir);
    const frames = [...syntheticFrames({ messages: 400, start: T0, stepMs: 5 })];
    for (const f of frames.slice(0, 100)) writer.write(f.raw, f.t);
    await writer.flush();
    rmSync(dir, { recursive: true, force: true });
    // Noticed at the next flush (the open file was unlinked) or roll (no folder to write in).
    for (const f of frames.slice(100, 110)) writer.write(f.raw, f.t);
    await until(() => writer.stats().error !== null);
    expect(writer.stats().error).toMatch(/deleted while recording|no such file or directory/);
    const accepted = writer.stats().messages;
    for (const f of frames.slice(110)) writer.write(f.raw, f.t);
    expect(writer.stats().messages).toBe(accepted);
    await expect(writer.close()).resolves.toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });

  it('stops with a reported error when the index cannot be written after a roll; what it accepted reads back', async () => {
    const dir = join(tempDir(), 'rec');
    const writer = await rollingWriter(dir);
    // A directory where the index's temp file goes: the write fails even for root.
    mkdirSync(join(dir, 'index.json.tmp'));
    const frames = [...syntheticFrames({ messages: 400, start: T0, stepMs: 5 })];
    const first = frames.slice(0, 200); // 1 s of recorded time: several rolls
    for (const f of first) writer.write(f.raw, f.t);
    await until(() => writer.stats().error !== null);
    expect(writer.stats().error).toMatch(/index\.json: cannot write the index/);
    for (const f of frames.slice(200)) writer.write(f.raw, f.t);
    expect(writer.stats().messages).toBe(first.length);
    await expect(writer.close()).resolves.toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);

    rmSync(join(dir, 'index.json.tmp'), { recursive: true });
    const raws = (await entriesOf(dir)).flatMap((e) => (e.kind === 'message' ? [e.raw] : []));
    expect(raws).toEqual(first.map((f) => f.raw));
  });

  it('keeps a frame over the size bound as a gap marker naming its size, and goes on', async () => {
    const dir = join(tempDir(), 'rec');
    const writer = await RecordingWriter.create({ dir, source: 'test', now: () => T0 });
    const huge = `{"op":"heartbeat","ts":1,"pad":"${'x'.repeat(MAX_RECORDED_FRAME_BYTES)}"}`;
    const after = '{"op":"heartbeat","ts":2}';
    writer.write(huge, T0 + 1);
    writer.write(after, T0 + 2);
    await writer.close();
    expect(writer.stats().error).toBeNull();
    const entries = await entriesOf(dir);
    expect(entries).toEqual([
      {
        kind: 'mark',
        t: T0 + 1,
        event: 'gap',
        detail: `frame of ${huge.length} bytes not recorded (limit ${MAX_RECORDED_FRAME_BYTES})`,
      },
      { kind: 'message', t: T0 + 2, raw: after },
    ]);
  });
});
