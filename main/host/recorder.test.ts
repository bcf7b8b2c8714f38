import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import { type Entry, openRecording } from '../../recording';
import type { HelloMessage, SnapshotMessage } from '../../protocol/feed';
import { createFeedEngine, type FeedEngine, type StreamState } from '../feed/engine';
import { marketSnapshot } from '../../test-support/engine-fixtures';
import { until, watch } from '../../test-support/batch-view';
import { Recorder, type RecorderEngine } from './recorder';

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
  const recorder = new Recorder({ engine, root: () => root, source: () => sim.url });
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

/** An engine that holds a fixed stream state and shows who listens to it. */
function fakeEngine(state: StreamState) {
  const frames = new Set<(text: string, receivedAt: number) => void>();
  const events = new Set<Parameters<RecorderEngine['onConnectionEvent']>[0]>();
  let asked = 0;
  const engine: RecorderEngine = {
    onRawFrame: (listener) => {
      frames.add(listener);
      return () => frames.delete(listener);
    },
    onConnectionEvent: (listener) => {
      events.add(listener);
      return () => events.delete(listener);
    },
    streamState: () => {
      asked++;
      return state;
    },
    setRecordingStatus: () => {},
  };
  const listeners = () => frames.size + events.size;
  const receive = (text: string, at: number) => {
    for (const listener of frames) listener(text, at);
  };
  return { engine, listeners, receive, asked: () => asked };
}

const T0 = 1_764_000_000_000;
const HELLO: HelloMessage = {
  op: 'hello',
  protocol: 1,
  heartbeatMs: 1_000,
  instruments: [{ id: 'A', kind: 'market', name: 'A', tickSize: 0.01 }],
};
const SNAPSHOT_A: SnapshotMessage = {
  op: 'snapshot',
  instrument: 'A',
  seq: 7,
  state: marketSnapshot(100, T0),
};
const tick = (seq: number) =>
  JSON.stringify({
    op: 'ticks',
    ticks: [
      { instrument: 'A', seq, ts: T0 + seq, kind: 'trade', price: 100, size: 1, side: 'buy' },
    ],
  });

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'tickdeck-recorder-'));
  closers.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
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

  it('listens to the engine only while it records, so an idle recorder costs nothing per frame', async () => {
    const root = tempRoot();
    const fake = fakeEngine({ hello: HELLO, snapshots: [SNAPSHOT_A] });
    const recorder = new Recorder({ engine: fake.engine, root: () => root, source: () => 'test' });
    closers.push(() => recorder.close());
    expect(fake.listeners()).toBe(0);
    fake.receive(tick(7), T0);

    await recorder.start(join(root, 'idle'));
    expect(fake.listeners()).toBe(2);
    fake.receive(tick(8), T0 + 8);
    await recorder.stop();
    expect(fake.listeners()).toBe(0);
    fake.receive(tick(9), T0 + 9);

    const messages = (await entriesOf(join(root, 'idle'))).flatMap((e) =>
      e.kind === 'message' ? [e.raw] : [],
    );
    expect(messages).toEqual([JSON.stringify(HELLO), JSON.stringify(SNAPSHOT_A), tick(8)]);
  });

  it('opens an exchange recording with nothing but what the exchange sends', async () => {
    const root = tempRoot();
    const fake = fakeEngine({ hello: HELLO, snapshots: [SNAPSHOT_A] });
    const recorder = new Recorder({
      engine: fake.engine,
      root: () => root,
      source: () => 'kraken:BTC/USD',
      feed: () => 'kraken:BTC/USD',
    });
    closers.push(() => recorder.close());
    await recorder.start(join(root, 'kraken'));
    const raw = '{"channel":"ticker","type":"update","data":[]}';
    fake.receive(raw, T0);
    await recorder.stop();
    expect(fake.asked()).toBe(0);
    const messages = (await entriesOf(join(root, 'kraken'))).flatMap((e) =>
      e.kind === 'message' ? [e.raw] : [],
    );
    expect(messages).toEqual([raw]);
  });
});
