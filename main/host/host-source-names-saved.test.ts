/**
 * Bug 132 end to end: two Kraken feeds of one symbol (`kraken` and `kraken-2`), mock venues on
 * 127.0.0.1 port 0 at prices far apart, so whose data a name shows is plain. A source keeps its
 * name across a restart of the host whatever the order of the others: saved with its feed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import type { FeedChoice } from '../../protocol/settings';
import { rowsOf, waitForBatch } from '../../test-support/batch-view';
import {
  startStreamingKraken,
  type StreamingExchange,
} from '../../test-support/streaming-exchanges';
import { createAppHost, type AppHost, type HostOptions } from './host';
import { invokeOk as ok } from '../../test-support/host-invoke';

const FEED = 'kraken:BTC/USD';
/** A's BTC/USD trades about here, B's about {@link B_PRICE}: a walk of 0.1 steps never meets. */
const A_PRICE = 100;
const B_PRICE = 50_000;

let dir: string;
let host: AppHost | null = null;
let a: StreamingExchange;
let b: StreamingExchange;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-saved-names-'));
  [a, b] = await Promise.all([
    startStreamingKraken('BTC/USD', A_PRICE),
    startStreamingKraken('BTC/USD', B_PRICE),
  ]);
});
afterEach(async () => {
  await host?.close();
  host = null;
  await Promise.all([a.stop(), b.stop()]);
  await rm(dir, { recursive: true, force: true });
});

async function open(overrides?: HostOptions['overrides']): Promise<AppHost> {
  await host?.close();
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 200, heartbeatMs: 100, instruments: 3, matches: 0 },
    recordingsDir: join(dir, 'recordings'),
    confirmEndpoint: async () => true,
    ...(overrides && { overrides }),
  });
  return host;
}

/** The live sources' names and, once each of `names` has traded, each one's BTC/USD price. */
async function pricesOf(h: AppHost, names: readonly string[]) {
  const last = new Map<string, number>();
  const batch: Batch = await waitForBatch(
    h,
    (bt) => {
      // A row is known (from the venue's instrument list) before its first trade, at 0.
      for (const row of rowsOf(bt)) if (row.last > 0) last.set(row.id, row.last);
      return names.every((name) => last.has(`${name}:BTC/USD`));
    },
    15_000,
  );
  const price = (name: string) => last.get(`${name}:BTC/USD`);
  return { sources: batch.health.sources!.map((s) => s.name), price };
}

/** Which venue a price is from. */
const venue = (price: number | undefined) =>
  price === undefined ? 'none' : Math.abs(price - A_PRICE) < Math.abs(price - B_PRICE) ? 'A' : 'B';

describe('two sources of one kind keep their names across a restart', () => {
  it('whatever the order they are saved in (one removed and added again)', async () => {
    let h = await open();
    expect(await ok(h, 'feed:add', FEED, a.endpoint)).toBe('kraken');
    expect(await ok(h, 'feed:add', FEED, b.endpoint)).toBe('kraken-2');
    await ok(h, 'settings:update', { focused: ['kraken:BTC/USD', 'kraken-2:BTC/USD'] });
    // A goes and comes back: it takes its free name again, now after B in the saved list.
    await ok(h, 'feed:remove', 'kraken');
    expect(await ok(h, 'feed:add', FEED, a.endpoint)).toBe('kraken');
    const saved = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as {
      feeds: FeedChoice[];
    };
    expect(saved.feeds.map((f) => [f.endpoint, f.name])).toEqual([
      [null, 'sim'],
      [b.endpoint, 'kraken-2'],
      [a.endpoint, 'kraken'],
    ]);

    h = await open();
    const { sources, price } = await pricesOf(h, ['kraken', 'kraken-2']);
    expect(sources).toEqual(['sim', 'kraken-2', 'kraken']);
    expect([venue(price('kraken')), venue(price('kraken-2'))]).toEqual(['A', 'B']);
  }, 60_000);

  it("started with the second alone: the first's chart waits, it never shows the second's data", async () => {
    let h = await open();
    await ok(h, 'feed:add', FEED, a.endpoint);
    await ok(h, 'feed:add', FEED, b.endpoint);
    await ok(h, 'feed:remove', 'kraken');

    h = await open();
    const { sources, price } = await pricesOf(h, ['kraken-2']);
    expect(sources).toEqual(['sim', 'kraken-2']);
    expect(venue(price('kraken-2'))).toBe('B');
    expect(price('kraken')).toBeUndefined();
  }, 60_000);

  it('the command line: a saved feed takes its saved name, a new one a name no saved source has', async () => {
    let h = await open();
    await ok(h, 'feed:add', FEED, a.endpoint);
    await ok(h, 'feed:add', FEED, b.endpoint);
    const c = await startStreamingKraken('BTC/USD', A_PRICE);
    try {
      // `--feed` in swapped order, B first, then a third Kraken that was never saved.
      const flags = [b.endpoint, null, c.endpoint].map((endpoint) => ({
        feed: endpoint === null ? null : FEED,
        endpoint,
      }));
      h = await open({ feeds: flags });
      const { sources, price } = await pricesOf(h, ['kraken-2', 'kraken-3']);
      expect(sources).toEqual(['kraken-2', 'sim', 'kraken-3']);
      expect(venue(price('kraken-2'))).toBe('B');
      expect(price('kraken')).toBeUndefined();
    } finally {
      await host?.close();
      host = null;
      await c.stop();
    }
  }, 60_000);

  it('a removal takes that source from the saved list, when a saved one before it failed to start', async () => {
    // Pairs are BASE/QUOTE: `kraken:BTCUSD` is refused when it connects, and is not running.
    const feeds = [
      { feed: null, endpoint: null, name: 'sim' },
      { feed: 'kraken:BTCUSD', endpoint: null, name: 'kraken' },
      { feed: FEED, endpoint: a.endpoint, name: 'kraken-2' },
    ];
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 3, feeds }));
    const h = await open();
    await pricesOf(h, ['kraken-2']);
    await ok(h, 'feed:remove', 'kraken-2');
    const saved = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as {
      feeds: FeedChoice[];
    };
    expect(saved.feeds).toEqual(feeds.slice(0, 2));
  }, 60_000);
});
