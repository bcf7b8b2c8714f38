import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import { FLOW_WINDOW } from '../../protocol/batch';
import { until } from '../../test-support/batch-view';
import type { BatchConsumer } from '../feed/batch-consumer';
import { createWorkerFeedEngine } from '../feed/worker-engine';
import { pacedConsumer } from './paced-consumer';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * A page on an engine in its worker, as the host serves one: paced, each batch acknowledged
 * once folded in (receive-batches.ts). `workers` lists the engine's workers as they start.
 */
async function pageOnWorkerEngine(): Promise<{
  workers: Worker[];
  batches: Batch[];
  page: BatchConsumer;
}> {
  const workers: Worker[] = [];
  const engine = createWorkerFeedEngine(
    { feed: null, batchHz: 30, simulator: { seed: 3, rate: 400, heartbeatMs: 100 } },
    { onWorker: (w) => workers.push(w) },
  );
  closers.push(() => engine.close());
  const batches: Batch[] = [];
  const page: BatchConsumer = pacedConsumer(
    (send) => engine.attach(send),
    (batch: Batch) => {
      batches.push(batch);
      setImmediate(() => page.ack(batch.seq));
    },
  );
  await engine.start();
  return { workers, batches, page };
}

describe("a page's acks across a restart of the engine's worker", () => {
  it('keeps the page fed: the restarted worker numbers its batches from 1 again', async () => {
    const { workers, batches } = await pageOnWorkerEngine();
    await until(() => batches.length > 20, 20_000);
    await workers[0]!.terminate(); // as a crash: the engine did not ask for it
    await until(() => workers.length === 2, 10_000);
    const restartedAt = batches.length;
    // The new worker's first batches are numbered from 1; a page whose acks were dropped as
    // "already acknowledged" would get FLOW_WINDOW of them and then nothing more.
    await until(() => batches.length > restartedAt + 4 * FLOW_WINDOW, 10_000);
    expect(batches.slice(restartedAt, restartedAt + 3).map((b) => b.seq)).toEqual([1, 2, 3]);
  }, 60_000);

  it("keeps the page's interest: the selected instrument's book still comes after the restart", async () => {
    const { workers, batches, page } = await pageOnWorkerEngine();
    await until(() => batches.some((b) => b.market.length > 0), 20_000);
    const selected = batches.find((b) => b.market.length > 0)!.market[0]!.id;
    // Declared once, as a page does when its selection changes, not again.
    page.declareInterest({ rows: [selected], charted: [selected], selected, others: 'compact' });
    await until(() => batches.some((b) => b.depth?.id === selected), 10_000);
    await workers[0]!.terminate();
    await until(() => batches.filter((b) => b.seq === 1).length === 2, 10_000);
    const restartedAt = batches.findLastIndex((b) => b.seq === 1);
    await until(() => batches.slice(restartedAt).some((b) => b.depth?.id === selected), 10_000);
  }, 60_000);
});
