import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { natsNames, stateKey } from '../../../protocol/nats';
import { helloPartKey } from '../../../protocol/nats-hello';
import { DESK_CONFIG, DESK_WITHOUT_WATCH_CONFIG } from '../../../test-support/nats-desk-config';
import { useNatsServers, type NatsServer } from '../../../test-support/nats-server';
import { BULK_READ_MIN, readStoredStates, STATES_IDLE_MS } from './stored-states';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const { bucket: BUCKET } = natsNames('tickdeck', 'sim');
const ids = (n: number, prefix = 'I') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function client(server: NatsServer, auth = {}): Promise<NatsConnection> {
  const nc = await connect({ servers: server.url, ...auth });
  closers.push(() => nc.close());
  return nc;
}

async function bucket(server: NatsServer): Promise<KV> {
  return new Kvm(await client(server)).create(BUCKET, { history: 1 });
}

/** What the watch hands over, by instrument (an instrument handed over twice throws). */
async function read(kv: KV, asked: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await readStoredStates(
    kv,
    asked,
    () => false,
    (id, entry) => {
      if (found.has(id)) throw new Error(`${id} handed over twice`);
      found.set(id, entry.string());
    },
  );
  return found;
}

describe('readStoredStates', () => {
  it('reads the newest stored state of each instrument asked for, and nothing else', async () => {
    const kv = await bucket(await nats.start());
    for (const id of ids(100)) await kv.put(stateKey(id), `${id} old`);
    await kv.put(stateKey('I7'), 'I7 new');
    await kv.delete(stateKey('I8'));
    await kv.put(helloPartKey(0), 'a hello part');
    const found = Object.fromEntries(await read(kv, [...ids(100), 'NEVER']));
    expect(Object.keys(found)).toHaveLength(99);
    expect(found).toMatchObject({ I7: 'I7 new', I9: 'I9 old', I99: 'I99 old' });
    expect(found).not.toHaveProperty('I8');
    expect(found).not.toHaveProperty('NEVER');
  }, 30_000);

  it('gives up on a bucket crowded with keys not asked for', async () => {
    const kv = await bucket(await nats.start());
    // Stored first, so the watch meets them first: more than the pass reads for 10 ids.
    for (const id of ids(2 * 10 + BULK_READ_MIN, 'OTHER')) await kv.put(stateKey(id), id);
    for (const id of ids(10)) await kv.put(stateKey(id), id);
    expect((await read(kv, ids(10))).size).toBe(0);
    // With room for them all, the same bucket gives every one.
    expect((await read(kv, ids(60))).size).toBe(10);
  }, 30_000);

  it('ends an empty pass after a quiet while', async () => {
    const kv = await bucket(await nats.start());
    const startedAt = performance.now();
    expect((await read(kv, ids(100))).size).toBe(0);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(STATES_IDLE_MS - 50);
  }, 30_000);

  it('hands over states stored after it started, until every one asked for came', async () => {
    const kv = await bucket(await nats.start());
    for (const id of ids(99)) await kv.put(stateKey(id), id);
    const reading = read(kv, ids(100));
    await new Promise((resolve) => setTimeout(resolve, STATES_IDLE_MS / 2));
    await kv.put(stateKey('I5'), 'I5 newer');
    await kv.put(stateKey('I99'), 'I99 at last');
    const startedAt = performance.now();
    const found = await reading;
    expect(found.size).toBe(100);
    expect(found.get('I99')).toBe('I99 at last');
    // I5 was handed over once, as first stored; the session reads it again if it is behind.
    expect(found.get('I5')).toBe('I5');
    // It ends on the last one, not on a quiet while.
    expect(performance.now() - startedAt).toBeLessThan(STATES_IDLE_MS / 2);
  }, 30_000);

  it('reads with the credentials docs/NATS.md gives a desk, past flow control', async () => {
    const { relay, desk } = await deskBucket(DESK_CONFIG);
    const value = 'x'.repeat(1_000);
    await Promise.all(ids(5_000).map((id) => relay.put(stateKey(id), `${id} ${value}`)));
    const found = await read(desk, ids(5_000));
    expect(found.size).toBe(5_000);
    expect(found.get('I4999')).toBe(`I4999 ${value}`);
  }, 60_000);

  it('finds nothing, and says so soon, for credentials that may not create a consumer', async () => {
    const { relay, desk } = await deskBucket(DESK_WITHOUT_WATCH_CONFIG);
    for (const id of ids(100)) await relay.put(stateKey(id), id);
    const startedAt = performance.now();
    expect((await read(desk, ids(100))).size).toBe(0);
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    expect((await desk.get(stateKey('I5')))?.string()).toBe('I5');
  }, 30_000);
});

/** The bucket as the relay user created it, and as the desk user opens it. */
async function deskBucket(config: string): Promise<{ relay: KV; desk: KV }> {
  const server = await nats.start({ config });
  const relayUser = await client(server, { user: 'relay', pass: 'relay-secret' });
  const relay = await new Kvm(relayUser).create(BUCKET, { history: 1 });
  const desk = await new Kvm(await client(server, { user: 'desk', pass: 'desk-secret' })).open(
    BUCKET,
  );
  return { relay, desk };
}
