import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import { createFeedEngine } from '../feed/engine';
import { until, watch } from '../feed/test-view';
import { Recorder } from './recorder';
import { ReplayController } from './replay-controller';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('record in the app, replay in the app', () => {
  it('the replayed dashboard ends exactly where the live one did', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tickdeck-app-round-trip-'));
    closers.push(() => rmSync(root, { recursive: true, force: true }));
    const sim = await startSimulator({ port: 0, seed: 9, rate: 300, instruments: 4, matches: 2 });
    closers.push(() => sim.close());
    const live = createFeedEngine({
      feed: sim.url,
      batchHz: 30,
      backoff: { baseMs: 5_000, capMs: 5_000 },
    });
    closers.push(() => live.close());
    const liveView = watch(live);
    const recorder = new Recorder({ engine: live, root, source: () => sim.url });
    closers.push(() => recorder.close());
    await live.start();
    await until(() => [...liveView.market.values()].some((r) => r.trades > 0));
    await recorder.start(join(root, 'rec'));
    await new Promise((r) => setTimeout(r, 1_000));
    // Freeze the truth: no more frames, so the live dashboard's last state is the recording's.
    await sim.close();
    await until(() => live.health().connection.state !== 'live');
    await new Promise((r) => setTimeout(r, 100));
    await recorder.stop();

    const replay = createFeedEngine({ feed: 'ws://127.0.0.1:9', batchHz: 30 });
    closers.push(() => replay.close());
    const replayView = watch(replay);
    const controller = new ReplayController({ engine: replay });
    closers.push(() => controller.close());
    await controller.open(join(root, 'rec'));
    await controller.control({ action: 'speed', speed: 0 });
    await until(
      () =>
        !controller.status()!.playing && controller.status()!.position === controller.status()!.end,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(replayView.market.size).toBe(4);
    expect(replayView.market).toEqual(liveView.market);
    const core = (view: typeof liveView) =>
      [...view.sports.values()].map(({ oddsDelta: _, newIncidents: __, ...row }) => row);
    expect(core(replayView)).toEqual(core(liveView));
    expect(replay.health().source).toEqual({ kind: 'replay', label: 'rec' });
  });
});
