import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedSource } from '../../protocol/health';
import type { Incident } from '../../protocol/feed';
import type { SimulatorOptions } from '../../feed-simulator/index';
import { startSimulator } from '../../feed-simulator/index';
import { createFeedEngine } from '../feed/engine';
import { SNAPSHOT_INCIDENTS } from '../feed/match-state';
import type { View } from '../../test-support/batch-view';
import { until, watch } from '../../test-support/batch-view';
import { Recorder } from './recorder';
import { ReplayController } from './replay-controller';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * Records a live engine from the moment `ready` holds (mid-stream) for a second, freezes the
 * feed, then replays the recording in a second engine as fast as it goes: both views end on
 * the same data, so they must show the same dashboard.
 */
async function recordThenReplay(
  simulator: SimulatorOptions,
  ready: (live: View) => boolean,
): Promise<{ live: View; replayed: View; source: FeedSource }> {
  const root = mkdtempSync(join(tmpdir(), 'tickdeck-app-round-trip-'));
  closers.push(() => rmSync(root, { recursive: true, force: true }));
  const sim = await startSimulator({ port: 0, ...simulator });
  closers.push(() => sim.close());
  const engine = createFeedEngine({
    feed: sim.url,
    batchHz: 30,
    backoff: { baseMs: 5_000, capMs: 5_000 },
  });
  closers.push(() => engine.close());
  const live = watch(engine);
  const recorder = new Recorder({ engine, root: () => root, source: () => sim.url });
  closers.push(() => recorder.close());
  await engine.start();
  await until(() => ready(live), 10_000);
  await recorder.start(join(root, 'rec'));
  await new Promise((r) => setTimeout(r, 1_000));
  // Freeze the truth: no more frames, so the live dashboard's last state is the recording's.
  await sim.close();
  await until(() => engine.health().connection.state !== 'live');
  await new Promise((r) => setTimeout(r, 100));
  await recorder.stop();

  const replay = createFeedEngine({ feed: 'ws://127.0.0.1:9', batchHz: 30 });
  closers.push(() => replay.close());
  const replayed = watch(replay);
  const controller = new ReplayController({ engine: replay });
  closers.push(() => controller.close());
  await controller.open(join(root, 'rec'));
  await controller.control({ action: 'speed', speed: 0 });
  await until(
    () =>
      !controller.status()!.playing && controller.status()!.position === controller.status()!.end,
  );
  await new Promise((r) => setTimeout(r, 100));
  return { live, replayed, source: replay.health().source };
}

/** Match rows without the deltas (odds history, new incidents), which differ by design. */
const matchRows = (view: View) =>
  [...view.sports.values()].map(({ oddsDelta: _, newIncidents: __, ...row }) => row);

/**
 * Every incident a view received per match, oldest first, as the renderer's match cards
 * accumulate them: a rematch (`scheduled`, or the clock far back) starts afresh.
 */
function incidents(view: View): Map<string, Incident[]> {
  const out = new Map<string, Incident[]>();
  const clocks = new Map<string, number>();
  for (const batch of view.batches) {
    if (batch.reset) out.clear();
    for (const row of batch.sports) {
      const rematch =
        row.status === 'scheduled' || row.clockMs < (clocks.get(row.id) ?? 0) - 30 * 60_000;
      clocks.set(row.id, row.clockMs);
      out.set(row.id, [...(rematch ? [] : (out.get(row.id) ?? [])), ...row.newIncidents]);
    }
  }
  return out;
}

describe('record in the app, replay in the app', () => {
  it('the replayed dashboard ends exactly where the live one did', async () => {
    const { live, replayed, source } = await recordThenReplay(
      { seed: 9, rate: 300, instruments: 4, matches: 2 },
      (view) => [...view.market.values()].some((r) => r.trades > 0),
    );
    expect(replayed.market.size).toBe(4);
    expect(replayed.market).toEqual(live.market);
    expect(matchRows(replayed)).toEqual(matchRows(live));
    expect(source).toEqual({ kind: 'replay', label: 'rec' });
  });

  it('started after a rematch, the replay shows the incidents the live dashboard shows', async () => {
    // 90 minutes in one second: matches kick off, finish and restart within a few seconds.
    const rematched = new Set<string>();
    const finished = new Set<string>();
    const { live, replayed } = await recordThenReplay(
      { seed: 4, rate: 300, instruments: 2, matches: 2, matchDurationMs: 1_000 },
      (view) => {
        for (const row of view.sports.values()) {
          if (row.status === 'finished') finished.add(row.id);
          else if (finished.has(row.id)) rematched.add(row.id);
        }
        return rematched.size > 0;
      },
    );
    expect(replayed.sports.size).toBe(2);
    expect(matchRows(replayed)).toEqual(matchRows(live));
    const liveIncidents = incidents(live);
    const replayedIncidents = incidents(replayed);
    for (const [id, list] of liveIncidents) {
      expect(list.length).toBeGreaterThan(0);
      // A snapshot carries the newest incidents only; those are what a match card shows.
      expect(replayedIncidents.get(id)!.slice(-SNAPSHOT_INCIDENTS)).toEqual(
        list.slice(-SNAPSHOT_INCIDENTS),
      );
    }
    expect(replayed.market).toEqual(live.market);
  });
});
