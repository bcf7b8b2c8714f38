/**
 * Bug 147 end to end: a removed source's name is not given to another feed of its kind, in the
 * same run or after a restart, so what was saved for it never shows the new feed's data. Mock
 * Kraken venues of one pair on 127.0.0.1 port 0 at prices far apart: whose data a name shows is
 * plain.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../protocol/settings';
import { rowsOf, waitForBatch } from '../../test-support/batch-view';
import {
  startStreamingKraken,
  type StreamingExchange,
} from '../../test-support/streaming-exchanges';
import { createAppHost, type AppHost } from './host';
import { invokeOk as ok } from '../../test-support/host-invoke';

const FEED = 'kraken:BTC/USD';
/** Each venue's BTC/USD trades about here; walks of 0.1 steps never meet. */
const PRICES = [100, 5_000, 50_000] as const;

let dir: string;
let host: AppHost | null = null;
let venues: StreamingExchange[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-retired-names-'));
  venues = await Promise.all(PRICES.map((p) => startStreamingKraken('BTC/USD', p)));
});
afterEach(async () => {
  await host?.close();
  host = null;
  await Promise.all(venues.map((v) => v.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function open(): Promise<AppHost> {
  await host?.close();
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 200, heartbeatMs: 100, instruments: 3, matches: 0 },
    recordingsDir: join(dir, 'recordings'),
    confirmEndpoint: async () => true,
  });
  return host;
}

/** Which venue (its index in {@link PRICES}) each of `names` shows, once each has traded. */
async function venuesOf(h: AppHost, names: readonly string[]): Promise<number[]> {
  const last = new Map<string, number>();
  await waitForBatch(
    h,
    (bt) => {
      for (const row of rowsOf(bt)) if (row.last > 0) last.set(row.id, row.last);
      return names.every((name) => last.has(`${name}:BTC/USD`));
    },
    15_000,
  );
  return names.map((name) => {
    const price = last.get(`${name}:BTC/USD`)!;
    const gaps = PRICES.map((p) => Math.abs(price - p));
    return gaps.indexOf(Math.min(...gaps));
  });
}

const saved = async () =>
  JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Settings;

describe("a removed source's name is not given to another feed", () => {
  it('in the same run, after a restart, and comes back with its own feed', async () => {
    const [a, b, c] = venues as [StreamingExchange, StreamingExchange, StreamingExchange];
    let h = await open();
    expect(await ok(h, 'feed:add', FEED, a.endpoint)).toBe('kraken');
    expect(await ok(h, 'feed:add', FEED, b.endpoint)).toBe('kraken-2');
    await ok(h, 'settings:update', { focused: ['kraken-2:BTC/USD'] });
    await ok(h, 'feed:remove', 'kraken-2');
    expect((await saved()).retiredSources).toEqual([
      { feed: FEED, endpoint: b.endpoint, name: 'kraken-2' },
    ]);
    // Another Kraken feed: the chart saved for kraken-2 must not show its data.
    expect(await ok(h, 'feed:add', FEED, c.endpoint)).toBe('kraken-3');
    expect(await venuesOf(h, ['kraken', 'kraken-3'])).toEqual([0, 2]);
    await ok(h, 'feed:remove', 'kraken-3');

    // After a restart the names are remembered from the settings file.
    h = await open();
    expect(await ok(h, 'feed:add', FEED, c.endpoint)).toBe('kraken-3');
    // B again: its own name back, and its data under it.
    expect(await ok(h, 'feed:add', FEED, b.endpoint)).toBe('kraken-2');
    expect(await venuesOf(h, ['kraken', 'kraken-2', 'kraken-3'])).toEqual([0, 1, 2]);
    expect((await saved()).retiredSources).toEqual([]);
  }, 60_000);

  it('nor to the one source left, when another is added after a restart (bug 152)', async () => {
    const [a, b] = venues as [StreamingExchange, StreamingExchange];
    let h = await open();
    await ok(h, 'feed:add', FEED, a.endpoint);
    await ok(h, 'feed:add', FEED, b.endpoint);
    await ok(h, 'settings:update', { focused: ['kraken:BTC/USD'] });
    await ok(h, 'feed:remove', 'sim');
    await ok(h, 'feed:remove', 'kraken');
    // B alone, saved in the one-source form, which names none: restarted, then a second added.
    h = await open();
    expect(await ok(h, 'feed:add', null, null)).toBe('sim');
    expect((await saved()).feeds.map((f) => [f.endpoint, f.name])).toEqual([
      [b.endpoint, 'kraken-2'],
      [null, 'sim'],
    ]);
    // The chart saved for A's kraken waits: B's data is under kraken-2.
    expect(await venuesOf(h, ['kraken-2'])).toEqual([1]);
  }, 60_000);
});
