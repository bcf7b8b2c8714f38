import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entry } from './format';
import { openRecording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import { seek } from './seek';
import { syntheticFrames } from './test-fixtures';

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
});
