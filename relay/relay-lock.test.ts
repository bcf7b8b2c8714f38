import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_KEY, natsNames } from '../protocol/nats';
import { until } from '../test-support/batch-view';
import { useNatsServers } from '../test-support/nats-server';
import { acquireLock } from './relay-lock';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const names = natsNames('tickdeck', 'lk');
const owner = { host: 'h', pid: 1, startedAt: 2 };
/**
 * The lock's TTL here, ms: these tests are about what renewals and a lapse do, not how long
 * the product's TTL is, so they need not sit through its 5 s (renewals come every 200 ms).
 */
const TTL_MS = 1_000;

async function held() {
  const server = await nats.start();
  const nc = await connect({ servers: server.url });
  closers.push(() => nc.close());
  const lost: string[] = [];
  const lock = await acquireLock(nc, names, 'lk', owner, 1, (reason) => lost.push(reason), TTL_MS);
  closers.push(() => lock.release());
  // The test's reads give up after 1 s, not the default 5 s: one sent while the server is away
  // is lost, and the next read asks again.
  const kv = await new Kvm(jetstream(nc, { timeout: 1_000 })).open(names.lockBucket);
  return { server, kv, lost };
}

type LockBucket = Awaited<ReturnType<typeof held>>['kv'];

/** Waits until the lock's entry holds a value at a revision of at least `revision`. */
async function renewedPast(kv: LockBucket, revision: number) {
  // Bounded, not a wait: the client may take its 2 s reconnect pause after a restart.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const entry = await kv.get(LOCK_KEY).catch(() => null);
    if (entry?.operation === 'PUT' && entry.revision >= revision) return entry;
    expect(Date.now(), 'renewals stopped').toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Writes `value` over the lock's entry as another writer would, and returns its revision. A
 * renewal landing between the read and the write moves the revision on: read it again.
 */
async function overwrite(kv: LockBucket, value: Uint8Array): Promise<number> {
  for (;;) {
    const entry = (await kv.get(LOCK_KEY))!;
    try {
      return await kv.update(LOCK_KEY, value, entry.revision);
    } catch (err) {
      if (!/wrong last sequence/i.test((err as Error).message)) throw err;
    }
  }
}

describe('the relay lock', () => {
  it('keeps the source when a renewal was stored but its answer lost (a leader election)', async () => {
    const { kv, lost } = await held();
    // What a renewal whose reply never came leaves: our own value at a newer revision.
    const stored = await overwrite(kv, (await kv.get(LOCK_KEY))!.value);
    // The next renewal meets the newer revision, finds it is its own, and the ones after go on.
    await renewedPast(kv, stored + 2);
    expect(lost).toEqual([]);
  }, 30_000);

  it('takes the source again when its entry lapsed while the server was away and nobody took it', async () => {
    const { server, kv, lost } = await held();
    const before = (await kv.get(LOCK_KEY))!;
    // Away longer than the TTL (as in a long election): back, the server has expired the entry.
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 1_500));
    await server.restart();
    const retaken = await renewedPast(kv, before.revision + 2);
    expect(JSON.parse(retaken.string())).toEqual(owner);
    expect(lost).toEqual([]);
  }, 40_000);

  it('gives the source up when another relay wrote the lock', async () => {
    const { kv, lost } = await held();
    await overwrite(kv, new TextEncoder().encode(JSON.stringify({ ...owner, pid: 99 })));
    await until(() => lost.length > 0, 5_000);
    expect(lost).toEqual(['the lock on source "lk" was taken over by another relay']);
  }, 30_000);
});
