import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import type { Entry } from '../../feed-simulator/recording/format';
import { openRecording } from '../../feed-simulator/recording/recording-reader';
import { createFeedEngine, type FeedEngine } from '../feed/engine';
import { until, watch } from '../feed/test-view';
import { Recorder } from './recorder';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setup() {
  const root = mkdtempSync(join(tmpdir(), 'tickdeck-recorder-'));
  closers.push(() => rmSync(root, { recursive: true, force: true }));
  const sim = await startSimulator({
    port: 0,
    seed: 5,
    rate: 300,
    instruments: 5,
    matches: 2,
    heartbeatMs: 100,
  });
  closers.push(() => sim.close());
  const engine: FeedEngine = createFeedEngine({
    feed: sim.url,
    batchHz: 30,
    backoff: { baseMs: 20, capMs: 100 },
  });
  closers.push(() => engine.close());
  const recorder = new Recorder({ engine, root, source: () => sim.url });
  closers.push(() => recorder.close());
  const view = watch(engine);
  await engine.start();
  await until(() => [...view.market.values()].some((r) => r.trades > 0));
  return { root, sim, engine, recorder, view };
}

async function entriesOf(dir: string): Promise<Entry[]> {
  const rec = await openRecording(dir);
  const all: Entry[] = [];
  for await (const e of rec.entries()) all.push(e);
  return all;
}

describe('Recorder', () => {
  it('started mid-stream, records the hello, a snapshot per instrument, then every raw frame as received', async () => {
    const { engine, recorder, root } = await setup();
    const seen: string[] = [];
    engine.onRawFrame((text) => seen.push(text));
    const status = await recorder.start(join(root, 'session'));
    const from = seen.length;
    expect(status).toMatchObject({ active: true, dir: join(root, 'session'), messages: 7 + 1 });
    expect(engine.health().recording.active).toBe(true);
    await new Promise((r) => setTimeout(r, 1_200));
    // Frames the engine receives once stop() is called are not recorded.
    const stopping = recorder.stop();
    const to = seen.length;
    const stopped = await stopping;
    expect(stopped.active).toBe(false);
    expect(engine.health().recording.active).toBe(false);

    const messages = (await entriesOf(join(root, 'session'))).filter((e) => e.kind === 'message');
    const ops = messages
      .slice(0, 8)
      .map((e) => (JSON.parse(e.kind === 'message' ? e.raw : '') as { op: string }).op);
    expect(ops).toEqual(['hello', ...Array(7).fill('snapshot')]);
    expect(messages.slice(8).map((e) => (e.kind === 'message' ? e.raw : ''))).toEqual(
      seen.slice(from, to),
    );
    expect(stopped.messages).toBe(messages.length);
    expect(messages.length).toBeGreaterThan(50);
  });

  it('shows growing recording time and size in the health bar while it records', async () => {
    const { engine, recorder } = await setup();
    await recorder.start();
    const first = engine.health().recording;
    await until(() => engine.health().recording.bytes > first.bytes, 4_000);
    const later = engine.health().recording;
    expect(later.active).toBe(true);
    expect(later.startedAt).toBe(first.startedAt);
    expect(later.messages).toBeGreaterThan(first.messages);
    expect(later.dir).toMatch(/\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d$/);
  });

  it('marks where the feed disconnected and reconnected', async () => {
    const { sim, recorder, root, engine } = await setup();
    await recorder.start(join(root, 'drop'));
    await sim.close();
    await until(() => engine.health().connection.state === 'reconnecting');
    await recorder.stop();
    const marks = (await entriesOf(join(root, 'drop'))).filter((e) => e.kind === 'mark');
    expect(marks.map((m) => (m.kind === 'mark' ? m.event : ''))).toContain('disconnected');
  });
});
