import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_KEY, natsNames } from '../protocol/nats';
import { until } from '../test-support/batch-view';
import { startNatsStallProxy } from '../test-support/nats-stall-proxy';
import { useNatsServers } from '../test-support/nats-server';
import { testRelayOptions } from '../test-support/relay-options';
import { useSimulators } from '../test-support/simulators';
import { isJetStreamBusy, whileJetStreamBusy } from './jetstream-retry';
import { startRelay } from './relay';
import type { RelayStatus } from './relay-api';
import { SourceTakenError } from './relay-lock';

const nats = useNatsServers();
const sims = useSimulators({ seed: 5, rate: 100, instruments: 3, matches: 0, heartbeatMs: 200 });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Longer than the JetStream client's 5 s request timeout. */
const STALL_MS = 6_000;

/** Starts a relay of a simulator through a proxy that holds its first `subject` write. */
async function startThroughStall(subject?: string) {
  const server = await nats.start();
  const sim = await sims.start();
  const proxy = await startNatsStallProxy(server.url);
  closers.push(() => proxy.close());
  proxy.stall(STALL_MS, subject);
  const reports: string[] = [];
  const onStatus = (s: RelayStatus): void => {
    if (s.lastError !== null && reports.at(-1) !== s.lastError) reports.push(s.lastError);
  };
  const relay = await startRelay(testRelayOptions(proxy.url, sim.url, { name: 'busy' }), onStatus);
  closers.push(() => relay.close());
  return { server, sim, proxy, relay, reports };
}

describe('a relay started while JetStream is too busy to answer', () => {
  it('asks again and starts (bug 256: it exited 1 with "timeout")', async () => {
    const { proxy, relay, reports } = await startThroughStall();
    expect(proxy.stalls).toBe(1);
    expect(reports[0]).toMatch(
      /^JetStream did not answer taking the lock \(attempt 1: .*timeout.*\); asking again$/i,
    );
    await until(() => relay.status().hello.state === 'published', 15_000);
  }, 40_000);

  it("holds the lock its timed-out write stored, not refused as another relay's (bug 256)", async () => {
    // The entry's write itself (its subject, then a space, on the protocol line).
    const lockWrites = `$KV.${natsNames('tickdeck', 'busy').lockBucket}.${LOCK_KEY} `;
    const { proxy, relay, reports, server, sim } = await startThroughStall(lockWrites);
    expect(proxy.stalls).toBe(1);
    expect(reports[0]).toMatch(/taking the lock \(attempt 1/);
    await until(() => relay.status().hello.state === 'published', 15_000);
    // Held for real: a second relay of the source is refused.
    await expect(
      startRelay(testRelayOptions(server.url, sim.url, { name: 'busy' })),
    ).rejects.toBeInstanceOf(SourceTakenError);
  }, 40_000);

  it('leaves no abort listener behind after its waits', async () => {
    const stop = new AbortController();
    let asked = 0;
    const retries: number[] = [];
    const answer = await whileJetStreamBusy(
      async () => {
        if (++asked < 3) throw new Error('timeout');
        return 'ok';
      },
      (attempt) => retries.push(attempt),
      stop.signal,
    );
    expect(answer).toBe('ok');
    expect(retries).toEqual([1, 2]);
    // One a wait before: a relay asking for hours through an outage gathered thousands.
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('tells a busy JetStream from a refusal', () => {
    const timeout = Object.assign(new Error('timeout'), { name: 'TimeoutError' });
    expect(isJetStreamBusy(timeout)).toBe(true);
    expect(isJetStreamBusy(new Error('JetStream system temporarily unavailable'))).toBe(true);
    expect(isJetStreamBusy(new Error('jetstream not enabled'))).toBe(false);
    expect(isJetStreamBusy(new Error('insufficient resources'))).toBe(false);
  });
});
