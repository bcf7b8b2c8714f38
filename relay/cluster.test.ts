import { afterEach, describe, expect, it } from 'vitest';
import { createFeedEngine, type FeedEngine } from '../main/feed/engine';
import { until } from '../test-support/batch-view';
import { useNatsServers } from '../test-support/nats-server';
import { useSimulators } from '../test-support/simulators';
import { startRelay, type RunningRelay } from './relay';

const nats = useNatsServers();
const sims = useSimulators({ seed: 13, rate: 300, instruments: 6, matches: 1, heartbeatMs: 200 });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function engine(feed: string): FeedEngine {
  const e = createFeedEngine({ feed, batchHz: 10, backoff: { baseMs: 20, capMs: 300 } });
  closers.push(() => e.close());
  return e;
}

describe('a three-node NATS cluster', () => {
  it('survives kill -9 of the node a desktop reads from: it moves on and ends equal to a direct reader', async () => {
    const cluster = await nats.startCluster();
    const sim = await sims.start();
    const servers = cluster.map((s) => s.url);
    // A new cluster elects its JetStream leader first; until then storage cannot be created.
    let relay: RunningRelay | null = null;
    const deadline = Date.now() + 60_000;
    while (relay === null) {
      relay = await startRelay({
        source: sim.url,
        name: 'cl',
        servers,
        auth: {},
        subjectPrefix: 'tickdeck',
        retention: { maxAgeMs: 600_000, maxBytes: 64 * 1024 ** 2, replicas: 3 },
      }).catch((err: Error) => {
        if (Date.now() > deadline) throw err;
        return new Promise<null>((resolve) => setTimeout(() => resolve(null), 500));
      });
    }
    const running = relay;
    closers.push(() => running.close());
    const direct = engine(sim.url);
    const desk = engine(`${servers.join(',')}/cl`);
    await direct.start();
    await desk.start();
    await until(() => desk.streamState().snapshots.length === 7, 30_000);
    const label = desk.health().source.label;
    expect(label).toMatch(/\(\+2 in cluster\) · cl$/);
    const victim = cluster.find((s) => label.includes(`127.0.0.1:${s.port} `))!;
    expect(victim, label).toBeDefined();
    await victim.kill();
    // Generous: under the whole suite's load the client's reconnect rounds run late.
    await until(() => !desk.health().source.label.includes(`:${victim.port} `), 60_000);
    const before = desk.health().ticksTotal;
    await until(() => desk.health().ticksTotal > before + 50, 30_000);
    await victim.restart();
    await sim.close();
    await until(() => {
      const a = direct.streamState().snapshots;
      return a.length === 7 && JSON.stringify(a) === JSON.stringify(desk.streamState().snapshots);
    }, 30_000);
  }, 180_000);
});
