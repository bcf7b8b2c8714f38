import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import { type Entry, openRecording } from '../../recording';
import type { HelloMessage, SnapshotMessage } from '../../protocol/feed';
import { createFeedEngine } from '../feed/engine';
import type { FeedEngine, RawFrameListener, StreamState } from '../feed/engine-api';
import { marketSnapshot } from '../../test-support/engine-fixtures';
import { until, watch } from '../../test-support/batch-view';
import { replayToEnd } from '../../test-support/replay-to-end';
import { startTwoSources } from '../../test-support/two-sources';
import { sourceNameOf } from '../../test-support/source-name';
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
  const frames = new Set<RawFrameListener>();
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
    // Asked without a name, the recorder wants only which source is first, not its state.
    streamState: (source) => {
      if (source !== undefined) asked++;
      return state;
    },
    sourceNames: () => [state.source],
    setRecordingStatus: () => {},
  };
  const listeners = () => frames.size + events.size;
  const receive = (text: string, at: number) => {
    for (const listener of frames) listener(text, at, state.source);
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
    const fake = fakeEngine({ source: 'sim', hello: HELLO, snapshots: [SNAPSHOT_A] });
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
    const fake = fakeEngine({ source: 'sim', hello: HELLO, snapshots: [SNAPSHOT_A] });
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

describe('Recorder, several sources', () => {
  /** Two simulators of different seeds as the sources `sim` and `127-0-0-1-<port>`. */
  async function twoSources() {
    const root = tempRoot();
    const { engine, other, otherName } = await startTwoSources(closers);
    const recorder = new Recorder({ engine, root: () => root, source: (name) => `label-${name}` });
    closers.push(() => recorder.close());
    return { root, engine, recorder, other, otherName };
  }

  const messagesOf = async (dir: string) =>
    (await entriesOf(dir)).flatMap((e) => (e.kind === 'message' ? [e.raw] : []));
  interface SetSource {
    name: string;
    from: number;
    to: number | null;
  }
  const readSet = (dir: string): { sources: SetSource[] } & Record<string, unknown> =>
    JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8'));
  const setSource = (dir: string, name: string): SetSource | undefined => {
    try {
      return readSet(dir).sources.find((s) => s.name === name);
    } catch {
      return undefined; // not written yet
    }
  };

  it('records every source into its own sub-folder, each a whole recording of that source alone', async () => {
    const { root, engine, recorder, otherName } = await twoSources();
    const seen = new Map<string, string[]>([
      ['sim', []],
      [otherName, []],
    ]);
    engine.onRawFrame((text, _at, source) => seen.get(source)?.push(text));
    const dir = join(root, 'set');
    const status = await recorder.start(dir);
    const from = new Map([...seen].map(([name, list]) => [name, list.length]));
    // Each source's hello and its snapshots (5 and 3 instruments) open its recording.
    expect(status).toMatchObject({ active: true, dir });
    expect(status.messages).toBeGreaterThanOrEqual(1 + 5 + 1 + 3);
    await until(() => recorder.status().messages > 100, 10_000);
    const stopping = recorder.stop();
    const to = new Map([...seen].map(([name, list]) => [name, list.length]));
    const stopped = await stopping;

    const set = readSet(dir);
    expect(set).toMatchObject({ tickdeck: 'recording-set', version: 1, start: status.startedAt });
    expect(set.sources).toEqual([
      {
        name: 'sim',
        dir: 'sim',
        label: 'label-sim',
        from: status.startedAt,
        to: expect.any(Number),
      },
      {
        name: otherName,
        dir: otherName,
        label: `label-${otherName}`,
        from: status.startedAt,
        to: expect.any(Number),
      },
    ]);
    let total = 0;
    for (const [name, instruments] of [
      ['sim', 5],
      [otherName, 3],
    ] as const) {
      const messages = await messagesOf(join(dir, name));
      total += messages.length;
      const ops = messages
        .slice(0, 1 + instruments)
        .map((m) => (JSON.parse(m) as { op: string }).op);
      expect(ops).toEqual(['hello', ...Array(instruments).fill('snapshot')]);
      // Every frame the source sent from the start to the stop, in order, none of the other's.
      const rest = messages.slice(1 + instruments);
      const first = seen.get(name)!.indexOf(rest[0]!);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThanOrEqual(from.get(name)!);
      expect(first + rest.length).toBe(to.get(name));
      expect(rest.every((m, i) => m === seen.get(name)![first + i])).toBe(true);
      expect((await openRecording(join(dir, name))).source).toBe(`label-${name}`);
    }
    expect(stopped.messages).toBe(total);
  });

  it('records the sources chosen only, and refuses an unknown name or a name twice', async () => {
    const { root, recorder, otherName } = await twoSources();
    await expect(recorder.start(join(root, 'bad'), ['sim', 'kraken'])).rejects.toThrow(
      `no source named "kraken" to record (the sources are sim, ${otherName})`,
    );
    await expect(recorder.start(join(root, 'bad'), ['sim', 'sim'])).rejects.toThrow(
      'source "sim" is named twice',
    );
    expect(() => statSync(join(root, 'bad'))).toThrow(/ENOENT/);
    expect(recorder.status().active).toBe(false);

    // One chosen source: the flat recording of it, as with one source connected.
    await recorder.start(join(root, 'one'), [otherName]);
    await until(() => recorder.status().messages > 20, 10_000);
    await recorder.stop();
    const messages = await messagesOf(join(root, 'one'));
    expect(JSON.parse(messages[0]!)).toMatchObject({ op: 'hello' });
    expect((JSON.parse(messages[0]!) as HelloMessage).instruments).toHaveLength(3);
  });

  it('gives a source added while recording a writer from then on, and closes a removed one', async () => {
    const { root, engine, recorder } = await twoSources();
    const third = await startSimulator({ port: 0, seed: 4, rate: 300, instruments: 2, matches: 0 });
    closers.push(() => third.close());
    const dir = join(root, 'joined');
    const status = await recorder.start(dir);
    const name = await engine.addSource(third.url);
    expect(name).toBe(sourceNameOf(third.url));
    await until(() => setSource(dir, name) !== undefined, 10_000);
    await until(() => recorder.status().messages > 50, 10_000);
    await engine.removeSource(name);
    await until(() => setSource(dir, name)?.to !== null, 10_000);
    const stopped = await recorder.stop();

    const joined = setSource(dir, name)!;
    expect(joined.from).toBeGreaterThan(status.startedAt!);
    // It joined with a fresh connection: its own hello opens its recording.
    const messages = await messagesOf(join(dir, name));
    expect(JSON.parse(messages[0]!)).toMatchObject({ op: 'hello' });
    expect((JSON.parse(messages[0]!) as HelloMessage).instruments).toHaveLength(2);
    expect((await openRecording(join(dir, name))).end).toBeLessThanOrEqual(joined.to!);
    expect(setSource(dir, 'sim')!.to).toBeGreaterThanOrEqual(joined.to!);
    expect(statSync(join(dir, 'sources.json')).isFile()).toBe(true);
    expect(stopped.dir).toBe(dir);
  });

  it('makes a set that replays as one feed: both sources, prefixed, each in its recorded order', async () => {
    const { root, recorder, otherName } = await twoSources();
    const dir = join(root, 'replayed');
    await recorder.start(dir);
    await until(() => recorder.status().messages > 200, 10_000);
    await recorder.stop();

    const { frames, view } = await replayToEnd(dir, closers);
    const ids = [...view.market.keys()];
    expect(ids).toContain('sim:ACME');
    expect(ids).toContain(`${otherName}:ACME`);
    expect(ids.every((id) => id.startsWith('sim:') || id.startsWith(`${otherName}:`))).toBe(true);
    // Each instrument's ticks arrive in the order its source sent them.
    const last = new Map<string, number>();
    for (const text of frames) {
      const m = JSON.parse(text) as { op: string; ticks?: { instrument: string; seq: number }[] };
      for (const tick of m.op === 'ticks' ? m.ticks! : []) {
        expect(tick.seq).toBeGreaterThan(last.get(tick.instrument) ?? -1);
        last.set(tick.instrument, tick.seq);
      }
    }
    expect([...last.keys()].some((id) => id.startsWith('sim:'))).toBe(true);
    expect([...last.keys()].some((id) => id.startsWith(`${otherName}:`))).toBe(true);
  });

  it('stops, keeping what was written, when a source that joins cannot get its folder', async () => {
    const { root, engine, otherName } = await twoSources();
    const failures: string[] = [];
    const recorder = new Recorder({
      engine,
      root: () => root,
      source: (name) => name,
      onError: (message) => failures.push(message),
    });
    closers.push(() => recorder.close());
    const third = await startSimulator({ port: 0, seed: 4, rate: 300, instruments: 2, matches: 0 });
    closers.push(() => third.close());
    const dir = join(root, 'blocked');
    await recorder.start(dir);
    // A file where the joining source's sub-folder would go.
    const joining = sourceNameOf(third.url);
    writeFileSync(join(dir, joining), 'in the way');
    await engine.addSource(third.url);
    await until(() => failures.length > 0, 10_000);
    expect(recorder.status().active).toBe(false);
    expect(failures).toEqual([
      expect.stringMatching(
        new RegExp(`^Recording stopped: .*${joining}: cannot create the recording folder`),
      ),
    ]);
    expect(readSet(dir).sources.map((s) => s.name)).toEqual(['sim', otherName]);
    expect((await messagesOf(join(dir, 'sim'))).length).toBeGreaterThan(1);
  });
});
