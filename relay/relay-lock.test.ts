import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_KEY, natsNames } from '../protocol/nats';
import { until } from '../test-support/batch-view';
import { useNatsServers } from '../test-support/nats-server';
import { acquireLock, LOCK_RENEW_MS, LOCK_TTL_MS } from './relay-lock';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const names = natsNames('tickdeck', 'lk');
const owner = { host: 'h', pid: 1, startedAt: 2 };

async function held() {
  const server = await nats.start();
  const nc = await connect({ servers: server.url });
  closers.push(() => nc.close());
  const lost: string[] = [];
  const lock = await acquireLock(nc, names, 'lk', owner, 1, (reason) => lost.push(reason));
  closers.push(() => lock.release());
  const kv = await new Kvm(nc).open(names.lockBucket);
  return { server, kv, lost };
}

/** Waits until the lock's entry holds a value at a revision of at least `revision`. */
async function renewedPast(kv: Awaited<ReturnType<typeof held>>['kv'], revision: number) {
  const deadline = Date.now() + 10 * LOCK_RENEW_MS;
  for (;;) {
    const entry = await kv.get(LOCK_KEY).catch(() => null);
    if (entry?.operation === 'PUT' && entry.revision >= revision) return entry;
    expect(Date.now(), 'renewals stopped').toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the relay lock', () => {
  it('keeps the source when a renewal was stored but its answer lost (a leader election)', async () => {
    const { kv, lost } = await held();
    // What a renewal whose reply never came leaves: our own value at a newer revision.
    const entry = (await kv.get(LOCK_KEY))!;
    const stored = await kv.update(LOCK_KEY, entry.value, entry.revision);
    // The next renewal meets the newer revision, finds it is its own, and the ones after go on.
    await renewedPast(kv, stored + 2);
    expect(lost).toEqual([]);
  }, 30_000);

  it('takes the source again when its entry lapsed while the server was away and nobody took it', async () => {
    const { server, kv, lost } = await held();
    const before = (await kv.get(LOCK_KEY))!;
    // Away longer than the TTL (as in a long election): back, the server has expired the entry.
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, LOCK_TTL_MS + 1_500));
    await server.restart();
    const retaken = await renewedPast(kv, before.revision + 2);
    expect(JSON.parse(retaken.string())).toEqual(owner);
    expect(lost).toEqual([]);
  }, 40_000);

  it('gives the source up when another relay wrote the lock', async () => {
    const { kv, lost } = await held();
    const entry = (await kv.get(LOCK_KEY))!;
    const other = new TextEncoder().encode(JSON.stringify({ ...owner, pid: 99 }));
    await kv.update(LOCK_KEY, other, entry.revision);
    await until(() => lost.length > 0, 5_000);
    expect(lost).toEqual(['the lock on source "lk" was taken over by another relay']);
  }, 30_000);
});
