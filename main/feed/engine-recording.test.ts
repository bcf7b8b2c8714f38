import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import type { ConnectionEvent, FeedEngine } from './engine-api';
import { createFeedEngine } from './engine';
import { until } from '../../test-support/batch-view';
import { sourceNameOf } from '../../test-support/source-name';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function twoSources(): Promise<{
  e: FeedEngine;
  closeOther: () => Promise<void>;
  name: string;
}> {
  const other = await startSimulator({ port: 0, seed: 11, rate: 400, heartbeatMs: 100 });
  closers.push(() => other.close());
  const e = createFeedEngine({
    feed: null,
    feeds: [
      { feed: null, endpoint: null },
      { feed: other.url, endpoint: null },
    ],
    batchHz: 30,
    simulator: { seed: 3, rate: 400, heartbeatMs: 100 },
    backoff: { baseMs: 20, capMs: 100 },
  });
  closers.push(() => e.close());
  return { e, closeOther: () => other.close(), name: sourceNameOf(other.url) };
}

describe('FeedEngine, for recording several sources', () => {
  it("reports every live source's raw frames with its name, each as its feed sent it", async () => {
    const { e, name } = await twoSources();
    const frames = new Map<string, string[]>();
    e.onRawFrame((text, _at, source) => {
      const list = frames.get(source) ?? frames.set(source, []).get(source)!;
      list.push(text);
    });
    await e.start();
    await until(
      () => ['sim', name].every((s) => frames.get(s)?.some((f) => f.includes('"ticks"'))),
      10_000,
    );
    expect([...frames.keys()].sort()).toEqual([name, 'sim']);
    // Raw frames: the feed's own ids, never the engine's source prefix.
    for (const list of frames.values()) {
      expect(list[0]).toMatch(/^\{"op":"hello"/);
      expect(list.some((f) => f.includes('"instrument":"ACME"'))).toBe(true);
      expect(list.some((f) => f.includes('"instrument":"sim:'))).toBe(false);
    }
  });

  it("gives each source's own hello and snapshots, unprefixed, by name", async () => {
    const { e, name } = await twoSources();
    await e.start();
    await until(
      () => e.streamState('sim').snapshots.length > 0 && e.streamState(name).snapshots.length > 0,
      10_000,
    );
    const sim = e.streamState('sim');
    const other = e.streamState(name);
    expect(sim.source).toBe('sim');
    expect(other.source).toBe(name);
    expect(sim.hello?.instruments.map((i) => i.id)).toContain('ACME');
    expect(other.snapshots.every((s) => !s.instrument.includes(':'))).toBe(true);
    // The two simulators run different seeds: each state is its own.
    expect(JSON.stringify(sim.snapshots)).not.toEqual(JSON.stringify(other.snapshots));
    expect(e.streamState()).toMatchObject({ source: 'sim' });
    expect(e.streamState('nope')).toEqual({ source: 'nope', hello: null, snapshots: [] });
  });

  it('names the source a connection event is about', async () => {
    const { e, closeOther, name } = await twoSources();
    const events: ConnectionEvent[] = [];
    e.onConnectionEvent((event) => events.push(event));
    await e.start();
    await until(() => events.filter((ev) => ev.type === 'connected').length === 2, 10_000);
    expect(events.map((ev) => ev.source).sort()).toEqual([name, 'sim']);
    await closeOther();
    await until(() => events.some((ev) => ev.type === 'disconnected'), 10_000);
    expect(events.filter((ev) => ev.type === 'disconnected').map((ev) => ev.source)).toEqual([
      name,
    ]);
  });
});
