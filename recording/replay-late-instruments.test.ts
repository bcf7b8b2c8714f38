/**
 * An exchange recording is translated segment by segment as it plays, so an instrument first
 * seen late in it (a game that starts an hour in) is not in the hello a client got on
 * connecting. The playback announces it with a new hello before its first data.
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
const FEED = 'kraken:A,B';

/** A toy dialect, `{"id":"A","px":"1.5"}`: a snapshot the first time an id is seen, then ticks. */
function growingTranslator(): FrameTranslator {
  const seqs = new Map<string, number>();
  return {
    translate(raw, receivedAt) {
      const { id, px } = JSON.parse(raw) as { id: string; px: string };
      const price = Number(px);
      const seq = seqs.get(id);
      seqs.set(id, (seq ?? -1) + 1);
      if (seq === undefined) {
        const state = {
          kind: 'market' as const,
          bid: price,
          ask: price,
          bidSize: 1,
          askSize: 1,
          open: price,
          high: price,
          low: price,
          last: price,
          lastSize: 0,
          volume: 0,
          trades: 0,
          ts: receivedAt,
        };
        return [{ op: 'snapshot', instrument: id, seq: 0, state }];
      }
      const tick = { instrument: id, seq: seq + 1, ts: receivedAt, kind: 'quote' as const };
      const quote = { bid: price, ask: price + 1, bidSize: 1, askSize: 1 };
      return [{ op: 'ticks', ticks: [{ ...tick, ...quote }] }];
    },
    reconnected() {},
    instruments: (): Instrument[] =>
      [...seqs.keys()].map((id) => ({ id, kind: 'market', name: id, tickSize: 0.1 })),
  };
}

let dir: string;
let server: ReplayServer;
let client: TestClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-late-instruments-'));
  // 6 s in 2 s segments; B is first seen at 4 s, in the third segment.
  const writer = await RecordingWriter.create({
    dir,
    source: FEED,
    feed: FEED,
    segmentMaxMs: 2_000,
    now: () => T0,
  });
  for (let i = 0; i < 60; i++) {
    const t = T0 + i * 100;
    writer.write(`{"id":"A","px":"${(100 + i / 10).toFixed(1)}"}`, t);
    if (i >= 40) writer.write(`{"id":"B","px":"${(50 + i / 10).toFixed(1)}"}`, t);
  }
  await writer.close();
  server = await startReplayServer({ dir, speed: 0, translate: () => growingTranslator() });
  client = await TestClient.connect(server.url);
});
afterAll(async () => {
  await client?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('replaying an exchange recording whose instruments grow', () => {
  it('sends a hello naming a late instrument before its first data', async () => {
    const first = await client.waitFor((r) => r.msg.op === 'hello');
    expect((first.msg.instruments as Instrument[]).map((i) => i.id)).toEqual(['A']);
    await client.request({ op: 'subscribe', instruments: ['*'] });
    await client.waitFor(
      (r) => r.msg.op === 'replay' && (r.msg.state as ReplayInfo).playing === false,
      10_000,
    );
    const frames = client.frames;
    const firstB = frames.findIndex((r) => r.raw.includes('"instrument":"B"'));
    expect(firstB).toBeGreaterThan(0);
    const announced = frames.findIndex(
      (r) => r.msg.op === 'hello' && (r.msg.instruments as Instrument[]).some((i) => i.id === 'B'),
    );
    expect(announced).toBeGreaterThan(0);
    expect(announced).toBeLessThan(firstB);
    const hellos = frames.filter((r) => r.msg.op === 'hello');
    expect(hellos.at(-1)!.msg.replay).toMatchObject({ start: T0 });
  });
});
