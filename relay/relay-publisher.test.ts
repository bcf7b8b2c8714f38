import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelloMessage, SnapshotMessage, TradeTick } from '../protocol/feed';
import { natsNames, stateKey } from '../protocol/nats';
import { decodeHelloPart, helloPartKey } from '../protocol/nats-hello';
import { useNatsServers } from '../test-support/nats-server';
import { until } from '../test-support/batch-view';
import { MARKET } from '../test-support/instrument-snapshots';
import { RelayPublisher } from './relay-publisher';
import { ensureStorage, type RelayTimeouts } from './relay-storage';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const snapshot: SnapshotMessage = {
  op: 'snapshot',
  instrument: 'BTC/USD',
  seq: 7,
  state: MARKET,
};

const names = natsNames('tickdeck', 'sim');
/**
 * These tests are about what the relay does once a write's ack times out, not how long the
 * product waits (5 s): a short timeout spares them the wait.
 */
const TIMEOUTS: RelayTimeouts = { ackTimeoutMs: 1_000 };

async function storage() {
  const server = await nats.start();
  const nc = await connect({
    servers: server.url,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
  });
  closers.push(() => nc.close());
  const { state } = await ensureStorage(
    nc,
    names,
    { maxAgeMs: 600_000, maxBytes: 1024 ** 2, replicas: 1 },
    TIMEOUTS,
  );
  return { server, nc, state };
}

describe('RelayPublisher', () => {
  it('stores a state again when storing it failed (the server was away), with no new tick', async () => {
    const { server, nc, state } = await storage();
    const errors: string[] = [];
    const publisher = new RelayPublisher(
      nc,
      names,
      state,
      () => [snapshot],
      (e) => errors.push(e),
      undefined,
      TIMEOUTS,
    );
    closers.push(() => publisher.close());
    await server.stop();
    publisher.publish(snapshot);
    await publisher.flush();
    // The snapshot's own stream write fails too (relay/stream-writer.ts); this is about the state.
    expect(
      errors.filter((e) => /^storing the latest state failed \(1 so far, last BTC\/USD\)/.test(e)),
    ).not.toEqual([]);
    await server.restart();
    const deadline = Date.now() + 20_000;
    let stored = null;
    while (stored === null && Date.now() < deadline) {
      stored = await state.get(stateKey('BTC/USD')).catch(() => null);
      if (stored === null) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(JSON.parse(stored!.string())).toEqual(snapshot);
  }, 60_000);

  it('under writes that time out, reports them in a line per interval, keeps one write per instrument in flight, and says when they succeed again', async () => {
    const { server, nc, state } = await storage();
    const lines: string[] = [];
    const INSTRUMENTS = 50;
    const snapshots = Array.from({ length: INSTRUMENTS }, (_, i) => ({
      ...snapshot,
      instrument: `SIM${i}`,
    }));
    const publisher = new RelayPublisher(
      nc,
      names,
      state,
      () => snapshots,
      (line) => lines.push(line),
      undefined,
      TIMEOUTS,
    );
    closers.push(() => publisher.close());
    await server.stop();
    // Every instrument changes every 20 ms for 3 s while no write can be answered (1 s timeout).
    const began = Date.now();
    while (Date.now() - began < 3_000) {
      for (const s of snapshots) publisher.publish({ ...s, seq: s.seq + 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await server.restart();
    await until(() => lines.some((l) => l.startsWith('latest states stored again')), 30_000);
    const stateLines = lines.filter((l) => /^(storing the latest state|latest states)/.test(l));
    // One line for the first failure, at most one more per 5 s, then the recovery.
    expect(stateLines.length).toBeLessThanOrEqual(4);
    expect(stateLines[0]).toMatch(/^storing the latest state failed \(1 so far, last SIM0\)/);
    // One write in flight per instrument: at most one failure per instrument per ack timeout
    // (3 s down, plus the reconnect), not one per flush (every 100 ms).
    const failed = Number(/after (\d+) failed/.exec(stateLines.at(-1)!)![1]);
    expect(failed).toBeGreaterThanOrEqual(INSTRUMENTS);
    expect(failed).toBeLessThanOrEqual(INSTRUMENTS * 8);
    await publisher.finish(); // the writes still waiting for their answer
    for (const s of snapshots)
      expect(JSON.parse((await state.get(stateKey(s.instrument)))!.string())).toEqual(s);
  }, 60_000);

  it('before exit, repairs the hole of a write that fails only while it finishes', async () => {
    const { server, nc, state } = await storage();
    const publisher = new RelayPublisher(
      nc,
      names,
      state,
      () => [snapshot],
      () => {},
      undefined,
      TIMEOUTS,
    );
    closers.push(() => publisher.close());
    await server.stop();
    // Sent while the server is away: its ack times out after the exit began, and the first
    // repair goes out while the server is still away.
    const tick: TradeTick = {
      instrument: 'BTC/USD',
      seq: 8,
      ts: 2,
      kind: 'trade',
      price: 1,
      size: 1,
      side: 'buy',
    };
    publisher.publish({ op: 'ticks', ticks: [tick] });
    const finished = publisher.finish();
    await until(() => publisher.streamWrites().failed > 0, 10_000);
    await server.restart();
    await finished;
    await nc.flush(); // back on the server
    // The last stored message of the instrument is the repair: a replay resumes there.
    const jsm = await jetstreamManager(nc);
    const last = await jsm.streams.getMessage(names.stream, {
      last_by_subj: names.live('BTC/USD'),
    });
    expect(last?.json<{ op: string }>().op).toBe('snapshot');
  }, 60_000);
  it('numbers each hello after the stored one, so a restarted relay goes on from it', async () => {
    const { nc, state } = await storage();
    const hello: HelloMessage = { op: 'hello', protocol: 1, heartbeatMs: 200, instruments: [] };
    const storedGeneration = async () => {
      const entry = await state.get(helloPartKey(0));
      const part = decodeHelloPart(entry!.value);
      return part.ok ? part.manifest.generation : null;
    };
    for (const expected of [[1, 2], [3]]) {
      const publisher = new RelayPublisher(
        nc,
        names,
        state,
        () => [],
        () => {},
        undefined,
        TIMEOUTS,
      );
      closers.push(() => publisher.close());
      for (const generation of expected) {
        publisher.publish(hello);
        await until(() => publisher.helloStatus().state === 'published', 10_000);
        expect(publisher.helloStatus()).toEqual({ state: 'published', generation, parts: 1 });
        expect(await storedGeneration()).toBe(generation);
      }
      publisher.close();
    }
  }, 30_000);
});
