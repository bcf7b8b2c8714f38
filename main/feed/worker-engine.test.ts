import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import { sourceNameOf } from '../../test-support/source-name';
import { until, watch } from '../../test-support/batch-view';
import type { FeedEngine } from './engine-api';
import { createWorkerFeedEngine } from './worker-engine';
import { MAX_RESTARTS } from './worker-keeper';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function workerEngine(): { engine: FeedEngine; workers: Worker[] } {
  const workers: Worker[] = [];
  const engine = createWorkerFeedEngine(
    { feed: null, batchHz: 30, simulator: { seed: 3, rate: 400, heartbeatMs: 100 } },
    { onWorker: (w) => workers.push(w) },
  );
  closers.push(() => engine.close());
  return { engine, workers };
}

describe('the engine in a worker thread', () => {
  it('serves batches and answers its synchronous getters from the worker', async () => {
    const { engine } = workerEngine();
    const view = watch(engine);
    await engine.start();
    await until(() => view.market.size > 0, 20_000);
    await until(() => engine.health().connection.state === 'live'); // at its first tick
    expect(engine.streamState().hello?.instruments.length).toBeGreaterThan(0);
  });

  it('restarts a crashed worker, reconnects, and tells the page', async () => {
    const { engine, workers } = workerEngine();
    const view = watch(engine);
    await engine.start();
    await until(() => view.market.size > 0, 20_000);
    const before = view.batches.length;
    await workers[0]!.terminate(); // as a crash: the engine did not ask for it
    await until(() => workers.length === 2, 10_000);
    await until(
      () =>
        view.batches.length > before &&
        view.last()!.health.connection.state === 'live' &&
        /feed engine stopped \(exit code 1\) and was restarted/.test(
          view.last()!.health.lastError ?? '',
        ),
      20_000,
    );
    expect(engine.health().lastError).toMatch(/restarted/);
  });

  it('comes back from a restart with every source it was started with', async () => {
    const sims = await Promise.all(
      [1, 2].map((seed) => startSimulator({ port: 0, seed, rate: 200, heartbeatMs: 100 })),
    );
    closers.push(() => Promise.all(sims.map((sim) => sim.close())).then(() => undefined));
    const workers: Worker[] = [];
    const feeds = sims.map((sim) => ({ feed: sim.url, endpoint: null }));
    const engine = createWorkerFeedEngine(
      { feed: feeds[0]!.feed, feeds, batchHz: 30 },
      { onWorker: (w) => workers.push(w) },
    );
    closers.push(() => engine.close());
    const view = watch(engine);
    const bothLive = () =>
      view.last()?.health.sources?.filter((s) => s.connection.state === 'live').length === 2;
    await engine.start();
    await until(bothLive, 10_000);
    const names = engine.sourceNames();
    await workers[0]!.terminate();
    await until(() => workers.length === 2, 10_000);
    await until(() => bothLive() && /restarted/.test(view.last()!.health.lastError ?? ''), 10_000);
    expect(engine.sourceNames()).toEqual(names);
  });

  it('gives every source back its name after a restart, when an earlier one was removed', async () => {
    // Three paths on one server: named by the order added, `-2` and `-3` after the first.
    const sim = await startSimulator({ port: 0, seed: 1, rate: 200, heartbeatMs: 100 });
    closers.push(() => sim.close());
    const urls = [1, 2, 3].map((n) => `${sim.url}/${n}`);
    const first = sourceNameOf(sim.url);
    const workers: Worker[] = [];
    const feeds = urls.map((feed) => ({ feed, endpoint: null }));
    const engine = createWorkerFeedEngine(
      { feed: feeds[0]!.feed, feeds, batchHz: 30 },
      { onWorker: (w) => workers.push(w) },
    );
    closers.push(() => engine.close());
    const view = watch(engine);
    const live = (n: number) => () =>
      view.last()?.health.sources?.filter((s) => s.connection.state === 'live').length === n;
    await engine.start();
    await until(live(3), 10_000);
    expect(engine.sourceNames()).toEqual([first, `${first}-2`, `${first}-3`]);
    await engine.removeSource(first);
    await engine.removeSource(`${first}-3`);
    expect(await engine.addSource(urls[2]!)).toBe(first);
    const names = [`${first}-2`, first];
    expect(engine.sourceNames()).toEqual(names);

    await workers[0]!.terminate();
    await until(() => workers.length === 2, 10_000);
    await until(() => live(2)() && /restarted/.test(view.last()!.health.lastError ?? ''), 10_000);
    expect(engine.sourceNames()).toEqual(names);
    await until(() => view.market.has(`${first}-2:ACME`), 10_000);
  });

  it(`gives up after ${MAX_RESTARTS} restarts within a minute, and says so`, async () => {
    const { engine, workers } = workerEngine();
    const view = watch(engine);
    await engine.start();
    await until(() => view.market.size > 0, 20_000);
    for (let i = 0; i <= MAX_RESTARTS; i++) {
      await until(() => workers.length === i + 1, 10_000);
      await workers[i]!.terminate();
    }
    expect(workers).toHaveLength(MAX_RESTARTS + 1);
    expect(engine.health().connection).toMatchObject({ state: 'failed' });
    expect(engine.health().lastError).toMatch(/not restarted/);
    // Calls fail at once with the reason, rather than waiting on a worker that is gone.
    await expect(engine.connect(null)).rejects.toThrow(/not restarted/);
  });
});
