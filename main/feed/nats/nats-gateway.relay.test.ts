import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay } from '../../../relay/relay';
import { until } from '../../../test-support/batch-view';
import { testDeskEngine } from '../../../test-support/desk-engine';
import { useNatsServers } from '../../../test-support/nats-server';
import { testRelayOptions } from '../../../test-support/relay-options';
import { useSimulators } from '../../../test-support/simulators';
import type { FeedEngine } from '../engine-api';
import { staleBanner } from '../../../renderer/src/state/freshness-banner';
import { chartStaleLabel } from '../../../renderer/src/state/freshness';

const nats = useNatsServers();
const sims = useSimulators({ seed: 5, rate: 300, instruments: 6, matches: 1, heartbeatMs: 200 });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** What the desk's health bar said, every 10 ms, while watched. */
function watch(e: FeedEngine) {
  const states = new Set<string>();
  let newestData: number | null = null;
  /** The last stall seen: when, and how long it said the feed had been silent. */
  let stall = { at: 0, silentMs: 0 };
  const timer = setInterval(() => {
    const h = e.health();
    states.add(h.connection.state);
    if (h.lastDataAt !== null) newestData = Math.max(newestData ?? 0, h.lastDataAt);
    if (h.connection.state === 'stalled') stall = { at: Date.now(), ...h.connection };
  }, 10);
  return {
    states,
    get newestData() {
      return newestData;
    },
    get stall() {
      return stall;
    },
    stop: () => clearInterval(timer),
  };
}

/** Sessions the desk's gateway opened from now on. */
function sessions(e: FeedEngine): () => number {
  let opened = 0;
  closers.push(e.onConnectionEvent((event) => void (event.type === 'connected' && opened++)));
  return () => opened;
}

describe('a NATS desk whose relay died', () => {
  it('shows the stored states served at each reconnect as not live, and is live at the back relay’s first heartbeat or tick', async () => {
    const server = await nats.start();
    const sim = await sims.start();
    const options = testRelayOptions(server.url, sim.url);
    const first = await startRelay(options);
    const e = testDeskEngine(`${server.url}/sim`, closers);
    await e.start();
    await until(() => e.streamState().snapshots.length === 7, 15_000);
    await until(() => e.health().connection.state === 'live', 15_000);

    const closedAt = Date.now();
    await first.close();
    await until(() => e.health().connection.state !== 'live', 10_000);
    const lastUpdate = e.health().lastDataAt!;
    const opened = sessions(e);
    const seen = watch(e);
    closers.push(seen.stop);
    // Each reconnect opens a session that serves the stored hello and states, then nothing.
    // Before, the desk read LIVE from each until the stall ("last update 0 ms ago").
    await until(() => opened() >= 2, 30_000);
    // And with nats-server killed and back while the relay is still away.
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await server.restart();
    const before = opened();
    await until(() => opened() >= before + 2, 30_000);
    seen.stop();
    expect([...seen.states]).not.toContain('live');
    expect(seen.states).toContain('stalled');
    expect(seen.newestData).toBe(lastUpdate); // the last real update, not the served states'
    // STALE says how long since the relay's last word, not since the served states: it read
    // "no data for 1.5 s" at every stall.
    expect(seen.stall.at - closedAt).toBeGreaterThan(10_000);
    expect(seen.stall.silentMs).toBeGreaterThan(seen.stall.at - closedAt - 500);
    expect(e.streamState().snapshots.length).toBe(7); // shown all along, greyed

    // The relay back: live at its first heartbeat or tick (a tick comes first: its heartbeat
    // timer starts with it), or within 300 ms more when the desk is between sessions then.
    const peer = await connect({ servers: server.url });
    closers.push(() => peer.close());
    let firstWord = Infinity;
    const heard = () => void (firstWord = Math.min(firstWord, Date.now()));
    peer.subscribe('tickdeck.sim.heartbeat', { callback: heard });
    peer.subscribe('tickdeck.sim.live.>', { callback: heard });
    await peer.flush();
    const second = await startRelay(options);
    closers.push(() => second.close());
    await until(() => e.health().connection.state === 'live', 15_000);
    expect(Date.now() - firstWord).toBeGreaterThanOrEqual(0);
    expect(Date.now() - firstWord).toBeLessThan(1_000); // the relay's heartbeat interval
    const ticks = e.health().ticksTotal;
    await until(() => e.health().ticksTotal > ticks + 50, 15_000);
    expect(e.health().lastDataAt!).toBeGreaterThan(lastUpdate);
  }, 120_000);
});

describe('a NATS desk started while its relay is away', () => {
  it('dates the stored states it shows by their own times, its silence from its start, and is never live', async () => {
    const server = await nats.start();
    const sim = await sims.start();
    const relay = await startRelay(testRelayOptions(server.url, sim.url));
    const first = testDeskEngine(`${server.url}/sim`, closers);
    await first.start();
    await until(() => first.health().connection.state === 'live', 15_000);
    await until(() => first.streamState().snapshots.length === 7, 15_000);
    const closedAt = Date.now();
    await relay.close();
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const e = testDeskEngine(`${server.url}/sim`, closers);
    const opened = sessions(e);
    const seen = watch(e);
    closers.push(seen.stop);
    const startedAt = Date.now();
    await e.start();
    await until(() => e.streamState().snapshots.length === 7, 15_000);
    await until(() => opened() >= 3, 30_000); // served the stored states, stalled, twice
    seen.stop();
    // STALE counts from the desk's start, the feed's silence: it said "no data for 1.6 s".
    expect(seen.stall.at - startedAt).toBeGreaterThan(3_000);
    expect(seen.stall.silentMs).toBeGreaterThan(seen.stall.at - startedAt - 500);
    expect([...seen.states]).not.toContain('live');
    const h = e.health();
    expect(h.lastDataAt).toBeNull(); // no update was ever seen: they are stored
    // The newest stored state's own time: the source's last data before the relay closed.
    expect(h.storedDataAt).toBeGreaterThan(closedAt - 5_000);
    expect(h.storedDataAt).toBeLessThanOrEqual(closedAt);
    // The banner and the charts said "no data yet" over the states they showed.
    const now = Date.now();
    const age = `stored data ${Math.floor((now - h.storedDataAt!) / 1_000)} s old`;
    expect(staleBanner(h, now)!.down[0]!.detail).toContain(`(${age})`);
    expect(chartStaleLabel(h, 'ACME', now)).toMatch(new RegExp(`· ${age}$`));
  }, 60_000);
});
