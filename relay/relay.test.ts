import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessage, SnapshotMessage } from '../protocol/feed';
import type { FeedEngine } from '../main/feed/engine-api';
import { until } from '../test-support/batch-view';
import { startProxy } from '../test-support/fault-proxy';
import { useNatsServers, type NatsServer } from '../test-support/nats-server';
import { useSimulators } from '../test-support/simulators';
import { formatStatus } from './cli';
import { startRelay } from './relay';
import type { RelayOptions, RunningRelay } from './relay-api';
import { SourceTakenError } from './relay-lock';
import { testRelayOptions } from '../test-support/relay-options';
import { testDeskEngine } from '../test-support/desk-engine';

const nats = useNatsServers();
const sims = useSimulators({ seed: 11, rate: 300, instruments: 8, matches: 2, heartbeatMs: 200 });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function options(server: NatsServer, source: string, name = 'desk'): RelayOptions {
  return testRelayOptions(server.url, source, { name });
}

async function relay(opts: RelayOptions): Promise<RunningRelay> {
  const r = await startRelay(opts);
  closers.push(() => r.close());
  return r;
}

function engine(feed: string): FeedEngine {
  return testDeskEngine(feed, closers);
}

const byInstrument = (e: FeedEngine): Map<string, SnapshotMessage> =>
  new Map(e.streamState().snapshots.map((s) => [s.instrument, s]));

/** True when both engines hold every instrument, with the same seq and state. */
function same(a: FeedEngine, b: FeedEngine, count: number): boolean {
  const left = byInstrument(a);
  const right = byInstrument(b);
  if (left.size !== count || right.size !== count) return false;
  for (const [id, s] of left) {
    const t = right.get(id);
    if (t === undefined || t.seq !== s.seq || JSON.stringify(t.state) !== JSON.stringify(s.state))
      return false;
  }
  return true;
}

describe('tickdeck-relay', () => {
  it('gives an engine reading NATS the same instruments and states as one reading the source', async () => {
    const server = await nats.start();
    const sim = await sims.start();
    await relay(options(server, sim.url));
    const direct = engine(sim.url);
    const viaNats = engine(`${server.url}/desk`);
    await direct.start();
    await viaNats.start();
    await until(() => viaNats.streamState().snapshots.length === 10, 15_000);
    expect(viaNats.streamState().hello?.instruments).toEqual(
      direct.streamState().hello?.instruments,
    );
    expect(viaNats.health().source.label).toBe(`NATS 127.0.0.1:${server.port} · desk`);
    await until(() => viaNats.health().ticksTotal > 200, 15_000);
    // Stop the source: both engines then hold its last state, which must be the same.
    await sim.close();
    // Generous: on a loaded machine the desktop may be mid-reconnect (no relay heartbeat).
    await until(() => same(direct, viaNats, 10), 30_000);
    expect(viaNats.health()).toMatchObject({ malformed: 0, lastError: null });
  }, 60_000);

  it('says how old the ticks it publishes are: a relay behind its source shows it', async () => {
    const server = await nats.start();
    const sim = await sims.start();
    // A source whose ticks arrive 30 s after their time, as to a relay that fell behind.
    const LATE_MS = 30_000;
    const late = await startProxy(sim.url, {
      relay: (text, send) => {
        const message = JSON.parse(text) as ServerMessage;
        if (message.op !== 'ticks') return send(text);
        send(
          JSON.stringify({
            ...message,
            ticks: message.ticks.map((t) => ({ ...t, ts: t.ts - LATE_MS })),
          }),
        );
      },
    });
    closers.push(() => late.close());
    const running = await relay(options(server, late.url));
    await until(() => (running.status().tickAgeP99Ms ?? 0) >= LATE_MS, 15_000);
    expect(running.status().tickAgeP99Ms).toBeLessThan(LATE_MS + 10_000);
    expect(formatStatus(running.status())).toMatch(/ticks\/s, tick age p99 3\d{4} ms$/);
  }, 30_000);

  it("tells a desk its source's clock is ahead, once its ticks arrive stamped ahead (bug 258)", async () => {
    const server = await nats.start();
    const sim = await sims.start();
    // A source (and relay) whose clock is 10 min ahead of the desk's.
    const AHEAD_MS = 600_000;
    const ahead = await startProxy(sim.url, {
      relay: (text, send) => {
        const message = JSON.parse(text) as ServerMessage;
        if (message.op !== 'ticks') return send(text);
        send(
          JSON.stringify({
            ...message,
            ticks: message.ticks.map((t) => ({ ...t, ts: t.ts + AHEAD_MS })),
          }),
        );
      },
    });
    closers.push(() => ahead.close());
    await relay(options(server, ahead.url));
    const desk = engine(`${server.url}/desk`);
    await desk.start();
    await until(() => desk.health().clockAheadMs !== undefined, 15_000);
    // Within the path's delay, to the second.
    expect(desk.health().clockAheadMs).toBeGreaterThan(AHEAD_MS - 5_000);
    expect(desk.health().clockAheadMs).toBeLessThanOrEqual(AHEAD_MS);
  }, 30_000);

  it('refuses a second relay for the same source, naming the holder; another source is fine', async () => {
    const server = await nats.start();
    const sim = await sims.start();
    await relay(options(server, sim.url));
    const second = startRelay(options(server, sim.url));
    await expect(second).rejects.toBeInstanceOf(SourceTakenError);
    await expect(second).rejects.toThrow(
      new RegExp(`another relay is publishing source "desk" \\(pid ${process.pid} on `),
    );
    await relay(options(server, sim.url, 'other'));
  }, 60_000);

  it('frees the source on a clean stop, so a new relay takes over and desktops resume', async () => {
    const server = await nats.start();
    const sim = await sims.start();
    const first = await startRelay(options(server, sim.url));
    const direct = engine(sim.url);
    const viaNats = engine(`${server.url}/desk`);
    await direct.start();
    await viaNats.start();
    await until(() => viaNats.streamState().snapshots.length === 10, 15_000);
    await first.close();
    // No relay: no heartbeat, so the desktop's source goes stale rather than looking live.
    await until(() => viaNats.health().connection.state !== 'live', 10_000);
    await relay(options(server, sim.url));
    await until(() => viaNats.health().connection.state === 'live', 15_000);
    const before = viaNats.health().ticksTotal;
    await until(() => viaNats.health().ticksTotal > before + 20, 15_000);
    await sim.close();
    await until(() => same(direct, viaNats, 10), 15_000);
  }, 90_000);
});
