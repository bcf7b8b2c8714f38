import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until, watch } from '../../test-support/batch-view';
import { writeSyntheticRecording } from '../../test-support/recording-traffic';
import { ReplayController } from '../host/replay-controller';
import { createWorkerFeedEngine } from './worker-engine';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('a replay beside the live feed, with the engine in a worker thread', () => {
  it('opens, is controlled through its own frames, and closes, leaving the live source running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-worker-replay-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    await writeSyntheticRecording(join(dir, 'morning'), { messages: 2_000, stepMs: 10 });
    const engine = createWorkerFeedEngine(
      { feed: null, batchHz: 30, simulator: { seed: 3, rate: 200, heartbeatMs: 100 } },
      {},
    );
    closers.push(() => engine.close());
    const view = watch(engine);
    await engine.start();
    await until(() => view.market.size > 0, 20_000);
    const live = [...view.market.keys()];

    const controller = new ReplayController({ engine });
    closers.push(() => controller.close());
    await controller.open(join(dir, 'morning'));
    await until(() => [...view.market.keys()].some((id) => id.startsWith('replay:')), 20_000);
    // The pause is confirmed by the replay's own state frame, which crossed from the worker.
    await expect(controller.control({ action: 'pause' })).resolves.toMatchObject({
      playing: false,
    });
    await until(() => view.last()!.health.replay?.playing === false, 10_000);
    expect(engine.sourceNames()).toEqual(['sim']);

    await controller.close();
    await until(() => view.last()!.health.replay === null, 10_000);
    const after =
      view.last()!.instruments ?? view.batches.findLast((b) => b.instruments)!.instruments!;
    expect(after.map((i) => i.id).filter((id) => id.startsWith('replay:'))).toEqual([]);
    expect(live.every((id) => after.some((i) => i.id === id))).toBe(true);
    expect(view.batches.slice(1).filter((b) => b.reset)).toEqual([]);
  });
});
