import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Entry, openRecording } from '../../recording';
import { startRelay } from '../../relay/relay';
import { until, waitForBatch } from '../../test-support/batch-view';
import { useNatsServers, type NatsServer } from '../../test-support/nats-server';
import { useSimulators } from '../../test-support/simulators';
import { createFeedEngine } from '../feed/engine';
import { createAppHost } from './host';
import { Recorder } from './recorder';
import { testRelayOptions } from '../../test-support/relay-options';

const nats = useNatsServers();
const sims = useSimulators({ seed: 21, rate: 300, instruments: 6, matches: 1, heartbeatMs: 200 });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-nats-replay-test-'));
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function relaying(): Promise<NatsServer> {
  const server = await nats.start();
  const sim = await sims.start();
  const relay = await startRelay(testRelayOptions(server.url, sim.url));
  closers.push(() => relay.close());
  return server;
}

async function recorded(dir: string): Promise<{ source: string; entries: Entry[] }> {
  const recording = await openRecording(dir);
  const entries: Entry[] = [];
  for await (const e of recording.entries()) entries.push(e);
  return { source: recording.source, entries };
}

describe('NATS sources in recordings and replays', () => {
  it('records a nats:// source like any other: its hello, every snapshot, then its ticks', async () => {
    const server = await relaying();
    const engine = createFeedEngine({ feed: `${server.url}/sim`, batchHz: 10 });
    closers.push(() => engine.close());
    const root = tempDir();
    const recorder = new Recorder({
      engine,
      root: () => root,
      source: () => engine.health().source.label,
    });
    closers.push(() => recorder.close());
    await engine.start();
    await until(() => engine.streamState().snapshots.length === 7, 15_000);
    const { dir } = await recorder.start();
    const before = engine.health().ticksTotal;
    await until(() => engine.health().ticksTotal > before + 100, 15_000);
    await recorder.stop();

    const { source, entries } = await recorded(dir!);
    const messages = entries.flatMap((e) =>
      e.kind === 'message' ? [JSON.parse(e.raw) as { op: string; ticks?: unknown[] }] : [],
    );
    const ops = messages.map((m) => m.op);
    expect(ops[0]).toBe('hello');
    expect(ops.slice(1, 8)).toEqual(new Array(7).fill('snapshot'));
    // Every tick the engine took while recording, in however many frames the load made of them.
    const ticks = messages.reduce((n, m) => n + (m.op === 'ticks' ? (m.ticks?.length ?? 0) : 0), 0);
    expect(ticks).toBeGreaterThan(100);
    expect(source).toBe(`NATS 127.0.0.1:${server.port} · sim`);
  }, 60_000);

  it('--replay nats://... plays the stored history from the chosen time, with the range set there', async () => {
    const server = await relaying();
    // Two seconds of history, then a "from" one second in.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const iso = new Date(from).toISOString();
    const host = await createAppHost({
      settingsPath: null,
      recordingsDir: tempDir(),
      replay: `${server.url}/sim?from=${iso}`,
    });
    closers.push(() => host.close());
    const batch = await waitForBatch(
      host,
      (b) => b.health.replay !== null && b.market.length === 6 && b.health.replay.position >= from,
      20_000,
    );
    expect(batch.health.source).toEqual({ kind: 'replay', label: 'sim' });
    expect(batch.health.replay).toMatchObject({ rangeFrom: from });
    expect(batch.health.replay!.rangeTo).toBeGreaterThan(from);
  }, 60_000);

  it('refuses a NATS replay whose source has no stored history, naming it', async () => {
    const server = await nats.start();
    // A start refused, as any --replay that will not open (bug 224).
    await expect(
      createAppHost({
        settingsPath: null,
        recordingsDir: tempDir(),
        replay: `${server.url}/nothing`,
        simulator: { seed: 5, rate: 100 },
      }),
    ).rejects.toThrow(/^--replay: .*no stored history \(stream tickdeck_nothing_ticks not found\)/);
  }, 60_000);
});
