/**
 * An exchange recording replays while its segment is still being translated: the playback
 * waits for the segment to grow instead of taking the end of what is translated so far for
 * the end of the segment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instrument, ReplayInfo } from '../protocol/feed';
import { TestClient } from '../test-support/capture-client';
import { RecordingWriter } from './recording-writer';
import { startReplayServer, type ReplayServer } from './replay-server';
import type { FrameTranslator } from './segment-translation';

const T0 = 1_764_000_000_000;
const FRAMES = 24_000;

/** Translation time per frame, ms: slower than playback at speed 0, so playback catches up. */
const TRANSLATE_MS = 0.05;

/** `{"n":7}` becomes a quote tick of seq 7 (a snapshot for the first), slowly. */
function countingTranslator(translateMs = TRANSLATE_MS): FrameTranslator {
  return {
    translate(raw, receivedAt) {
      const until = performance.now() + translateMs;
      while (performance.now() < until); // a busy adapter: the translation lags the playback
      const { n } = JSON.parse(raw) as { n: number };
      const ts = receivedAt;
      if (n === 0) {
        const state = {
          ...{ kind: 'market' as const, bid: 1, ask: 2, bidSize: 1, askSize: 1, open: 1, high: 2 },
          ...{ low: 1, last: 1, lastSize: 0, volume: 0, trades: 0, ts },
        };
        return [{ op: 'snapshot', instrument: 'A', seq: 0, state }];
      }
      const tick = { instrument: 'A', seq: n, ts, kind: 'quote' as const, bid: 1, ask: 2 };
      return [{ op: 'ticks', ticks: [{ ...tick, bidSize: 1, askSize: 1 }] }];
    },
    reconnected() {},
    instruments: (): Instrument[] => [{ id: 'A', kind: 'market', name: 'A', tickSize: 0.1 }],
  };
}

let dir: string;
let server: ReplayServer;
let client: TestClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-replay-translated-'));
  // One long segment and a short one after it, a frame every 10 ms: long enough that the
  // connection handshake (an event-loop turn per step, a translation chunk between) ends
  // before its translation does.
  const writer = await RecordingWriter.create({
    dir,
    source: 'kraken:A',
    feed: 'kraken:A',
    segmentMaxMs: 200_000,
    now: () => T0,
  });
  for (let n = 0; n < FRAMES; n++) writer.write(`{"n":${n}}`, T0 + n * 10);
  await writer.close();
});
afterAll(async () => {
  await client?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('replaying an exchange recording while it is translated', () => {
  it('sends every frame once, in order, across chunks and segments', async () => {
    // Subscribed at once, while the first segment is still being translated.
    server = await startReplayServer({ dir, speed: 0, translate: () => countingTranslator() });
    client = await TestClient.connect(server.url);
    await client.request({ op: 'subscribe', instruments: ['*'] });
    expect(server.recording.segments.length).toBe(2);
    await client.waitFor(
      (r) => r.msg.op === 'replay' && (r.msg.state as ReplayInfo).playing === false,
      30_000,
    );
    const seqs = client.frames
      .filter((r) => r.msg.op === 'ticks' || r.msg.op === 'snapshot')
      .map((r) =>
        r.msg.op === 'snapshot'
          ? (r.msg.seq as number)
          : (r.msg.ticks as { seq: number }[])[0]!.seq,
      );
    expect(seqs).toEqual(Array.from({ length: FRAMES }, (_, n) => n));
  }, 60_000);
});

describe('an exchange replay just opened, its first segment still translating', () => {
  /** A slow adapter: a chunk of 1,000 frames takes two seconds. */
  const SLOW_TRANSLATE_MS = 2;
  /** Its 8,000-frame segment keeps translation busy for seconds after the open. */
  const SLOW_FRAMES = 8_000;
  /**
   * Many slices of translation fit in this, even on a loaded machine; a chunk between each
   * step of the handshake does not (it took 18 s with a chunk of half this size).
   */
  const FIRST_FRAME_WITHIN_MS = 3_000;
  let slowDir: string;
  let slowServer: ReplayServer | undefined;
  let slowClient: TestClient | undefined;
  beforeAll(async () => {
    slowDir = mkdtempSync(join(tmpdir(), 'tickdeck-replay-slow-'));
    const writer = await RecordingWriter.create({
      dir: slowDir,
      source: 'kraken:A',
      feed: 'kraken:A',
      segmentMaxMs: 200_000,
      now: () => T0,
    });
    for (let n = 0; n < SLOW_FRAMES; n++) writer.write(`{"n":${n}}`, T0 + n * 10);
    await writer.close();
  });
  afterAll(async () => {
    await slowClient?.close();
    await slowServer?.close();
    rmSync(slowDir, { recursive: true, force: true });
  });

  it('serves a client its first frame without waiting for a whole chunk per handshake step', async () => {
    slowServer = await startReplayServer({
      dir: slowDir,
      translate: () => countingTranslator(SLOW_TRANSLATE_MS),
    });
    // The connection, its hello, the subscribe and playback each need an event-loop turn.
    const opened = performance.now();
    slowClient = await TestClient.connect(slowServer.url);
    slowClient.send({ op: 'subscribe', instruments: ['*'] });
    const first = await slowClient.waitFor(
      (r) => r.msg.op === 'snapshot' || r.msg.op === 'ticks',
      10_000,
    );
    expect(first.at - opened).toBeLessThan(FIRST_FRAME_WITHIN_MS);
  }, 60_000);
});
