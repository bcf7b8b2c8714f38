import { cpSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from './format';
import { openRecording, type Recording } from './recording-reader';
import { ReplayCursor } from './replay-cursor';
import { foldRaw, seek } from './seek';
import { StateFold } from './state-fold';
import { writeSyntheticRecording } from '../test-support/recording-traffic';

let dir: string;
let recording: Recording;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-seek-'));
  await writeSyntheticRecording(dir, { messages: 6_000, segmentMaxMs: 12_000 });
  recording = await openRecording(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The state a client holds after playing from the start up to `t`. */
async function playTo(t: number): Promise<StateFold> {
  const fold = new StateFold();
  for await (const e of recording.entries()) {
    if (e.t > t) break;
    if (e.kind === 'message') foldRaw(fold, e.raw);
  }
  return fold;
}

describe('seek', () => {
  it('yields the same state as playing from the start to t, anywhere in the recording', async () => {
    const { start, end, segments } = recording;
    const checkpoint = segments[1]!.checkpoints[0]!.t;
    const moments = [
      start,
      start + 1,
      start + 2_345,
      checkpoint - 1,
      checkpoint,
      checkpoint + 1,
      segments[2]!.start,
      segments[2]!.start - 5,
      (start + end) / 2,
      end - 3,
      end,
    ];
    for (const t of moments) {
      const played = await playTo(t);
      const sought = await seek(recording, t);
      expect(sought.fold.snapshots(), `state at ${t - start} ms`).toEqual(played.snapshots());
      expect(sought.position).toBe(t);
    }
  });

  it('equals playing from the start for any moment (property, 25 random moments)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: recording.start - 1_000, max: recording.end + 1_000 }),
        async (t) => {
          // Moments outside the recording clamp to its span (tested below).
          const played = await playTo(Math.min(Math.max(t, recording.start), recording.end));
          expect((await seek(recording, t)).fold.snapshots()).toEqual(played.snapshots());
        },
      ),
      { numRuns: 25, seed: 20261125 },
    );
  });

  it('continues playback with the first entry after t', async () => {
    const all: Entry[] = [];
    for await (const e of recording.entries()) all.push(e);
    for (const t of [
      recording.start + 17_003,
      recording.segments[1]!.start - 1,
      recording.end - 1,
    ]) {
      const cursor = new ReplayCursor(recording);
      cursor.moveTo(await seek(recording, t));
      expect(await cursor.peek()).toEqual(all.find((e) => e.t > t));
    }
  });

  it('reads only from the nearest restart point, and gives the same state without the index', async () => {
    const t = recording.start + 23_456;
    const fast = await seek(recording, t);
    expect(fast.entry).toBeUndefined(); // located by the cursor, not by decoding the segment
    const copy = mkdtempSync(join(tmpdir(), 'tickdeck-seek-noindex-'));
    try {
      cpSync(dir, copy, { recursive: true });
      unlinkSync(join(copy, 'index.json'));
      const scanned = await openRecording(copy);
      expect(scanned.segments[0]!.checkpoints.every((c) => c.deflateOffset === undefined)).toBe(
        true,
      );
      expect((await seek(scanned, t)).fold.snapshots()).toEqual(fast.fold.snapshots());
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('clamps a moment outside the recording to its span', async () => {
    expect((await seek(recording, 0)).position).toBe(recording.start);
    expect((await seek(recording, recording.end + 60_000)).position).toBe(recording.end);
  });

  it('answers for a late moment quickly, without replaying the recording from its start', async () => {
    const began = performance.now();
    await seek(recording, recording.end - 1_234);
    expect(performance.now() - began).toBeLessThan(500);
  });
});
