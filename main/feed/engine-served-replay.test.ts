/**
 * A `--feed` that is a replay server (`npm run feed -- replay`): its data is a recording's, so
 * the health says REPLAY with its play state, alone or beside a live source, never LIVE.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../recording/replay-server';
import { until, watch } from '../../test-support/batch-view';
import { writeSyntheticRecording } from '../../test-support/recording-traffic';
import { createFeedEngine } from './engine';
import type { FeedEngine } from './engine-api';

let dir: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-served-replay-'));
  // 3,000 messages 10 ms apart: 30 s of recorded time, longer than any test here.
  await writeSyntheticRecording(dir, { messages: 3_000 });
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function served(): Promise<ReplayServer> {
  const server = await startReplayServer({ dir });
  closers.push(() => server.close());
  return server;
}

function engineOn(options: Parameters<typeof createFeedEngine>[0]): FeedEngine {
  const engine = createFeedEngine(options);
  closers.push(() => engine.close());
  return engine;
}

describe('a feed that is a replay server', () => {
  it('reads REPLAY, playing, where it read LIVE over the recording', async () => {
    const server = await served();
    const engine = engineOn({ feed: server.url, batchHz: 30 });
    const view = watch(engine);
    await engine.start();
    await until(() => view.last()?.health.connection.state === 'live', 5_000);
    const health = view.last()!.health;
    expect(health.source).toEqual({ kind: 'replay', label: expect.any(String) });
    // bug 232: its span and speed too, for the health bar's position, progress and speed.
    expect(health.replaying).toEqual({
      start: expect.any(Number),
      end: expect.any(Number),
      position: expect.any(Number),
      playing: true,
      speed: 1,
      loop: false,
    });
    expect(health.replaying!.end - health.replaying!.start).toBeGreaterThan(29_000);
    // No replay was opened in the app: there is no replay bar for it to drive.
    expect(health.replay).toBeNull();
  });

  it('bug 204: takes no feed delay from its recorded times', async () => {
    const server = await served();
    const engine = engineOn({ feed: server.url, batchHz: 30 });
    const view = watch(engine);
    await engine.start();
    // A window of the figures with ticks in it: the one the delay is taken over.
    await until(() => (view.last()?.health.ticksPerSec ?? 0) > 0, 5_000);
    // Before: the recording's age, a year, read as the feed's delay.
    expect(view.last()!.health.latencyP50Ms).toBeNull();
  });

  it('gives its own chip REPLAY beside a live simulator, and leaves the simulator live', async () => {
    const server = await served();
    const engine = engineOn({
      feed: null,
      batchHz: 30,
      simulator: { seed: 5, rate: 100, instruments: 3, matches: 0 },
    });
    const view = watch(engine);
    await engine.start();
    const name = await engine.addSource(server.url);
    await until(
      () => view.last()?.health.sources?.every((s) => s.connection.state === 'live') === true,
      5_000,
    );
    const sources = view.last()!.health.sources!;
    const replayed = sources.find((s) => s.name === name)!;
    expect(replayed.source.kind).toBe('replay');
    expect(replayed.replaying).toMatchObject({ playing: true, speed: 1 });
    const sim = sources.find((s) => s.name !== name)!;
    expect(sim.source.kind).toBe('embedded');
    expect(sim.replaying).toBeUndefined();
  });
});
