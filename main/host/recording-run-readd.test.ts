import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import type { HelloMessage, Tick } from '../../protocol/feed';
import { openRecording, openRecordingSet } from '../../recording';
import { until } from '../../test-support/batch-view';
import { replayToEnd } from '../../test-support/replay-to-end';
import { startTwoSources } from '../../test-support/two-sources';
import { Recorder } from './recorder';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface SetFile {
  version: number;
  sources: { name: string; dir: string; from: number; to: number | null }[];
}
const readSet = (dir: string): SetFile | null => {
  try {
    return JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8')) as SetFile;
  } catch {
    return null; // not written yet, or being replaced
  }
};

/** Ticks of a replayed instrument of `source`, by the feed's own time. */
const ticksOf = (frames: readonly string[], source: string): Tick[] =>
  frames.flatMap((text) => {
    const m = JSON.parse(text) as { op: string; ticks?: Tick[] };
    return m.op === 'ticks' ? m.ticks!.filter((t) => t.instrument.startsWith(`${source}:`)) : [];
  });

/** Both sources recording into `<root>/<folder>`, every source followed, once frames flow. */
async function recordingTwoSources(folder: string) {
  const root = mkdtempSync(join(tmpdir(), 'tickdeck-readd-'));
  closers.push(() => rmSync(root, { recursive: true, force: true }));
  const { engine, other, otherName } = await startTwoSources(closers);
  const recorder = new Recorder({ engine, root: () => root, source: (name) => `label-${name}` });
  closers.push(() => recorder.close());
  const dir = join(root, folder);
  await recorder.start(dir);
  await until(() => recorder.status().messages > 100, 10_000);
  // The source removed and added again: the second simulator's.
  return { engine, other, recorder, dir, name: otherName };
}

describe('Recorder, a source removed and added again while it records', () => {
  it('records it again in a stream of its own, and the replay shows both periods with nothing between', async () => {
    const { engine, other, recorder, dir, name } = await recordingTwoSources('readded');

    await engine.removeSource(name);
    const removedAt = Date.now();
    // The engine's word that it was removed ends the stream there.
    await until(() => readSet(dir)?.sources[1]?.to != null, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const addedAt = Date.now();
    expect(await engine.addSource(other.url)).toBe(name);
    await until(() => readSet(dir)?.sources.length === 3, 10_000);
    const before = recorder.status().messages;
    await until(() => recorder.status().messages > before + 100, 10_000);
    await recorder.stop();

    const file = readSet(dir)!;
    // A source listed twice needs version 2 (a version 1 reader would refuse it).
    expect(file.version).toBe(2);
    const [sim, first, second] = file.sources;
    expect(sim).toMatchObject({ name: 'sim', dir: 'sim' });
    expect(first).toMatchObject({ name, dir: name });
    expect(second).toMatchObject({ name, dir: `${name}.2`, to: expect.any(Number) });
    expect(first!.to!).toBeLessThan(addedAt);
    expect(second!.from).toBeGreaterThanOrEqual(addedAt);
    // The second period is a whole recording of its own, opening with its connection's hello.
    const again = await openRecording(join(dir, `${name}.2`));
    const opening = (await again.segment(0)).entries.find((e) => e.kind === 'message');
    expect(opening?.kind === 'message' && (JSON.parse(opening.raw) as HelloMessage).op).toBe(
      'hello',
    );

    // Merged on one clock: the other source goes on between the periods, this one is silent.
    const set = await openRecordingSet(dir);
    closers.push(() => set.close());
    expect(set.sources).toEqual(['sim', name]);
    const times: Record<string, number[]> = { sim: [], [name]: [] };
    for await (const e of set.entries())
      if (e.kind === 'message') times[e.raw.includes(`"${name}:`) ? name : 'sim']!.push(e.t);
    const between = (t: number) => t > first!.to! && t < second!.from;
    expect(times[name]!.filter(between)).toEqual([]);
    expect(times[name]!.some((t) => t <= first!.to!)).toBe(true);
    expect(times[name]!.some((t) => t >= second!.from)).toBe(true);
    expect(times.sim!.filter(between).length).toBeGreaterThan(10);

    // Replayed over a real socket as one feed: its instruments carry on under the same ids,
    // with ticks from both periods and none the feed made while it was removed.
    const { frames, view: shown } = await replayToEnd(dir, closers);
    expect(shown.market.has(`${name}:ACME`)).toBe(true);
    const ticks = ticksOf(frames, name);
    expect(ticks.filter((t) => t.ts >= removedAt && t.ts < addedAt)).toEqual([]);
    expect(ticks.some((t) => t.ts < removedAt)).toBe(true);
    expect(ticks.some((t) => t.ts >= addedAt)).toBe(true);
  });
});

describe('Recorder, a source removed and another feed added under its name at once', () => {
  it('ends its stream as the other feed connects, before the recorder looks again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tickdeck-readd-'));
    closers.push(() => rmSync(root, { recursive: true, force: true }));
    const { engine, otherName: name } = await startTwoSources(closers);
    const next = await startSimulator({ port: 0, seed: 4, rate: 300, instruments: 2, matches: 0 });
    closers.push(() => next.close());
    // Labelled as the host labels them: each source's feed as the engine shows it.
    const label = (name: string) =>
      engine.health().sources?.find((s) => s.name === name)?.source.label ?? name;
    const recorder = new Recorder({ engine, root: () => root, source: label });
    closers.push(() => recorder.close());
    const dir = join(root, 'swapped');
    await recorder.start(dir);
    await until(() => recorder.status().messages > 100, 10_000);

    // Added again at once, on another feed named as it was: the removal ends the first stream.
    await engine.removeSource(name);
    expect(await engine.addSource(next.url, null, name)).toBe(name);
    await until(() => readSet(dir)?.sources.length === 3, 10_000);
    await recorder.stop();

    const [, first, second] = readSet(dir)!.sources;
    expect(first).toMatchObject({ name, dir: name, to: expect.any(Number) });
    expect(second).toMatchObject({ name, dir: `${name}.2` });
    const helloOf = async (sub: string) => {
      const opened = await openRecording(join(dir, sub));
      const m = (await opened.segment(0)).entries.find((e) => e.kind === 'message');
      return JSON.parse(m?.kind === 'message' ? m.raw : '{}') as HelloMessage;
    };
    // Each stream holds one feed: 3 instruments, then the other's 2.
    expect((await helloOf(name)).instruments).toHaveLength(3);
    expect((await helloOf(`${name}.2`)).instruments).toHaveLength(2);
  });
});

describe('Recorder, a source removed and the same feed added again at once', () => {
  it('ends the first stream at the removal and records the second period in a stream of its own', async () => {
    const { engine, other, recorder, dir, name } = await recordingTwoSources('same-feed');

    // Within one turn of the recorder's once-a-second look, and on the same feed, so only the
    // engine's word that the source was removed can end the stream.
    const removing = Date.now();
    await engine.removeSource(name);
    const removed = Date.now();
    expect(await engine.addSource(other.url)).toBe(name);
    await until(() => readSet(dir)?.sources.length === 3, 10_000);
    await recorder.stop();

    const [, first, second] = readSet(dir)!.sources;
    expect(first).toMatchObject({ name, dir: name });
    expect(first!.to).toBeGreaterThanOrEqual(removing);
    expect(first!.to).toBeLessThanOrEqual(removed);
    expect(second).toMatchObject({ name, dir: `${name}.2` });
    expect(second!.from).toBeGreaterThanOrEqual(first!.to!);
  });
});

describe('Recorder, the feed switched by connect', () => {
  it('ends the stream of a source that keeps its name on another feed, and of each source it drops', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tickdeck-readd-'));
    closers.push(() => rmSync(root, { recursive: true, force: true }));
    const { engine, otherName: name } = await startTwoSources(closers);
    const next = await startSimulator({ port: 0, seed: 4, rate: 300, instruments: 2, matches: 0 });
    closers.push(() => next.close());
    const label = (source: string) =>
      engine.health().sources?.find((s) => s.name === source)?.source.label ?? source;
    const recorder = new Recorder({ engine, root: () => root, source: label });
    closers.push(() => recorder.close());
    const dir = join(root, 'switched');
    await recorder.start(dir);
    await until(() => recorder.status().messages > 100, 10_000);

    // The picker's "replace", keeping the first source's name: sim now reads another feed,
    // and the second source goes.
    const connecting = Date.now();
    await engine.connect(next.url, undefined, 'sim');
    const connected = Date.now();
    await until(() => readSet(dir)?.sources.length === 3, 10_000);
    await until(() => readSet(dir)!.sources.every((s, i) => i === 2 || s.to !== null), 5_000);
    await recorder.stop();

    const [first, dropped, second] = readSet(dir)!.sources;
    expect(first).toMatchObject({ name: 'sim', dir: 'sim' });
    expect(dropped).toMatchObject({ name, dir: name });
    // Ended by the engine's word as connect dropped it, not at the recorder's next look.
    expect(dropped!.to).toBeGreaterThanOrEqual(connecting);
    expect(dropped!.to).toBeLessThanOrEqual(connected);
    expect(second).toMatchObject({ name: 'sim', dir: 'sim.2' });
    expect(second!.from).toBeGreaterThanOrEqual(first!.to!);
  });
});
