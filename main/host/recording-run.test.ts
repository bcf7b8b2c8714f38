import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import type { RecordingStatus } from '../../protocol/health';
import type { HelloMessage } from '../../protocol/feed';
import { type Entry, MAX_SET_STREAMS, openRecording, openRecordingSet } from '../../recording';
import { createFeedEngine } from '../feed/engine';
import type { ConnectionEvent, RawFrameListener } from '../feed/engine-api';
import { until, watch } from '../../test-support/batch-view';
import { sourceNameOf } from '../../test-support/source-name';
import { Recorder, type RecorderEngine } from './recorder';
import { RecordingRun } from './recording-run';
import { MAX_QUEUED_WRITES } from './source-stream';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'tickdeck-run-'));
  closers.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

async function entriesOf(dir: string): Promise<Entry[]> {
  const all: Entry[] = [];
  for await (const e of (await openRecording(dir)).entries()) all.push(e);
  return all;
}

interface SetSource {
  name: string;
  from: number;
  to: number | null;
}
const setSources = (dir: string): SetSource[] =>
  (JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8')) as { sources: SetSource[] }).sources;

describe('RecordingRun', () => {
  it('keeps recording a source into its own stream when an earlier one of its kind is removed', async () => {
    const root = tempRoot();
    const sims = [
      await startSimulator({ port: 0, seed: 9, rate: 300, instruments: 3, matches: 0 }),
      await startSimulator({ port: 0, seed: 4, rate: 300, instruments: 2, matches: 0 }),
    ];
    for (const sim of sims) closers.push(() => sim.close());
    const [one, two] = sims.map((sim) => sourceNameOf(sim.url)) as [string, string];
    const engine = createFeedEngine({
      feed: null,
      feeds: [
        { feed: null, endpoint: null },
        { feed: sims[0]!.url, endpoint: null },
        { feed: sims[1]!.url, endpoint: null },
      ],
      batchHz: 30,
      simulator: { seed: 5, rate: 300, instruments: 5, matches: 0 },
      backoff: { baseMs: 20, capMs: 100 },
    });
    closers.push(() => engine.close());
    const view = watch(engine);
    await engine.start();
    await until(() => view.market.has(`${two}:ACME`), 10_000);
    // Each frame's own receipt time, as the recorder stamps it: a frame received just before the
    // removal can still arrive here after it.
    const seen: { source: string; at: number }[] = [];
    engine.onRawFrame((_text, at, source) => seen.push({ source, at }));

    const dir = join(root, 'set');
    const run = await RecordingRun.open({
      engine,
      dir,
      sources: engine.sourceNames(),
      followJoins: true,
      label: (name) => name,
      feed: () => null,
    });
    closers.push(() => run.close());
    await until(() => run.stats().messages > 50, 10_000);
    await engine.removeSource(one);
    const removedAt = Date.now();
    // What the recorder does every second: the streams follow the live sources.
    await run.follow(engine.sourceNames());
    const heardAfter = () => seen.filter((f) => f.source === two && f.at > removedAt).length;
    await until(() => heardAfter() > 30, 10_000);
    await run.close();

    const [, first, second] = setSources(dir);
    expect(first).toMatchObject({ name: one, to: expect.any(Number) });
    expect(first!.to).toBeLessThan(removedAt + 1_000);
    expect(second).toMatchObject({ name: two, to: expect.any(Number) });
    // The second simulator (2 instruments) goes on in its own stream after the first went.
    const hello = (dir: string) =>
      entriesOf(dir).then((all) => {
        const m = all.find((e) => e.kind === 'message');
        return JSON.parse(m?.kind === 'message' ? m.raw : '{}') as HelloMessage;
      });
    expect((await hello(join(dir, two))).instruments).toHaveLength(2);
    expect((await hello(join(dir, one))).instruments).toHaveLength(3);
    const later = (await entriesOf(join(dir, two))).filter(
      (e) => e.kind === 'message' && e.t > removedAt,
    );
    expect(later.length).toBeGreaterThan(30);
    const firstAfter = (await entriesOf(join(dir, one))).filter(
      (e) => e.kind === 'message' && e.t > first!.to!,
    );
    expect(firstAfter).toEqual([]);
  });
});

/** An engine of fixed sources whose frames the test sends itself, all in one turn if it likes. */
function scriptedEngine(names: string[]) {
  const frames = new Set<RawFrameListener>();
  /** What the health bar was told, in order. */
  const statuses: RecordingStatus[] = [];
  const hello = (instruments: number): HelloMessage => ({
    op: 'hello',
    protocol: 1,
    heartbeatMs: 1_000,
    instruments: Array.from({ length: instruments }, (_, i) => ({
      id: `I${i}`,
      kind: 'market' as const,
      name: `I${i}`,
      tickSize: 0.01,
    })),
  });
  const engine: RecorderEngine = {
    onRawFrame: (listener) => {
      frames.add(listener);
      return () => frames.delete(listener);
    },
    onConnectionEvent: (_listener: (event: ConnectionEvent) => void) => () => undefined,
    streamState: (source) => ({ source: source ?? names[0]!, hello: hello(1), snapshots: [] }),
    sourceNames: () => names,
    setRecordingStatus: (status) => statuses.push(status),
  };
  const send = (source: string, text: string, at: number) => {
    for (const listener of frames) listener(text, at, source);
  };
  return { engine, send, hello, statuses };
}

const tick = (seq: number) =>
  JSON.stringify({
    op: 'ticks',
    ticks: [{ instrument: 'I0', seq, ts: seq, kind: 'trade', price: 100, size: 1, side: 'buy' }],
  });

describe('Recorder, a source that joins with a burst', () => {
  it('marks a gap where frames beyond the queue were lost while its folder was created, and says so in a warning and the recording status', async () => {
    const root = tempRoot();
    const names = ['a', 'b'];
    const { engine, send, hello, statuses } = scriptedEngine(names);
    const warnings: string[] = [];
    const recorder = new Recorder({
      engine,
      root: () => root,
      source: (name) => name,
      onWarning: (message) => warnings.push(message),
    });
    closers.push(() => recorder.close());
    const dir = join(root, 'burst');
    await recorder.start(dir);
    // The normal case: the health bar is told of no loss at all.
    expect(statuses.at(-1)).toMatchObject({ active: true });
    expect(statuses.at(-1)).not.toHaveProperty('framesLost');

    // Source `c` joins and sends its hello and more frames than the queue holds, all before its
    // folder can exist (creating it takes at least a turn of the event loop).
    names.push('c');
    const lost = 500;
    const t0 = Date.now();
    const at = (i: number) => t0 + Math.floor(i / 1_000);
    send('c', JSON.stringify(hello(1)), at(0));
    for (let i = 1; i < MAX_QUEUED_WRITES + lost; i++) send('c', tick(i), at(i));
    await until(() => warnings.length > 0, 10_000);
    // The health bar's recording chip counts them too, within its refresh.
    await until(() => statuses.at(-1)?.framesLost === lost, 5_000);
    const afterAt = at(MAX_QUEUED_WRITES + lost) + 1;
    for (let i = 0; i < 5; i++) send('c', tick(MAX_QUEUED_WRITES + lost + i), afterAt);
    await recorder.stop();

    expect(warnings).toEqual([
      `Recording: c lost ${lost} frames while its folder was created; its recording marks the gap.`,
    ]);
    const entries = (await entriesOf(join(dir, 'c'))).filter((e) => e.kind !== 'checkpoint');
    const gapAt = entries.findIndex((e) => e.kind === 'mark' && e.event === 'gap');
    // The queued frames (the hello first), then the gap, then what came once the writer opened.
    expect(gapAt).toBe(MAX_QUEUED_WRITES);
    expect(entries[gapAt]).toMatchObject({
      t: at(MAX_QUEUED_WRITES),
      detail: expect.stringMatching(new RegExp(`^${lost} frames and markers lost`)),
    });
    expect(entries.slice(0, gapAt).every((e) => e.kind === 'message')).toBe(true);
    expect(entries.slice(gapAt + 1).map((e) => e.kind === 'message' && e.raw)).toEqual(
      Array.from({ length: 5 }, (_, i) => tick(MAX_QUEUED_WRITES + lost + i)),
    );
    expect(recorder.status().active).toBe(false);
  });
});

describe('RecordingRun, a source added again and again', () => {
  it('records each period in a new stream until the set holds its most, then says it stops', async () => {
    const root = tempRoot();
    const names = ['a', 'b', 'c'];
    const { engine, send, hello } = scriptedEngine(names);
    const warnings: string[] = [];
    const dir = join(root, 'again');
    const run = await RecordingRun.open({
      engine,
      dir,
      sources: names,
      followJoins: true,
      label: (name) => name,
      feed: () => null,
      onWarning: (message) => warnings.push(message),
    });
    closers.push(() => run.close());
    const listed = (name: string) => {
      try {
        return setSources(dir).filter((s) => s.name === name).length;
      } catch {
        return 0; // being replaced
      }
    };
    // `c` is removed and added again until a, b and its periods fill the set.
    for (let period = 1; period <= MAX_SET_STREAMS - 2; period++) {
      if (period > 1) {
        send('c', JSON.stringify(hello(1)), Date.now());
        await until(() => listed('c') === period, 5_000);
      }
      send('c', tick(period), Date.now());
      await run.follow(['a', 'b']);
    }
    send('c', JSON.stringify(hello(1)), Date.now());
    send('c', tick(99), Date.now());
    await run.close();

    expect(warnings).toEqual([
      `Recording: c is not recorded again; a recording holds at most ${MAX_SET_STREAMS} streams.`,
    ]);
    const file = JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8')) as {
      version: number;
      sources: { name: string; dir: string }[];
    };
    expect(file.version).toBe(2);
    expect(file.sources).toHaveLength(MAX_SET_STREAMS);
    expect(file.sources.filter((s) => s.name === 'c').map((s) => s.dir)).toEqual(
      Array.from({ length: MAX_SET_STREAMS - 2 }, (_, i) => (i === 0 ? 'c' : `c.${i + 1}`)),
    );
    // What the recorder wrote at its bound, the reader takes.
    const set = await openRecordingSet(dir);
    closers.push(() => set.close());
    expect(set.sources).toEqual(['a', 'b', 'c']);
    expect(
      (await entriesOf(join(dir, `c.${MAX_SET_STREAMS - 2}`))).some((e) => e.kind === 'message'),
    ).toBe(true);
  });
});
