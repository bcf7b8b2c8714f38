import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelloMessage } from '../../../protocol/feed';
import { natsNames } from '../../../protocol/nats';
import { helloPartKey, helloParts } from '../../../protocol/nats-hello';
import { until } from '../../../test-support/batch-view';
import { useNatsServers, type NatsServer } from '../../../test-support/nats-server';
import { watchProcessErrors } from '../../../test-support/process-errors';
import type { FeedEngine } from '../engine-api';
import { testDeskEngine } from '../../../test-support/desk-engine';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const names = natsNames('tickdeck', 'src');
const encode = (text: string) => new TextEncoder().encode(text);

/** A hello of `count` instruments named `<prefix>0`, `<prefix>1`, ... */
function hello(prefix: string, count: number): string {
  const message: HelloMessage = {
    op: 'hello',
    protocol: 1,
    heartbeatMs: 1000,
    instruments: Array.from({ length: count }, (_, i) => ({
      id: `${prefix}${i}`,
      kind: 'market' as const,
      name: `Instrument ${prefix}${i}`,
      tickSize: 0.01,
    })),
  };
  return JSON.stringify(message);
}

/** The parts of a hello cut for a server of max_payload 512: several for a few instruments. */
function parts(text: string, generation: number): readonly Uint8Array[] {
  const split = helloParts(text, generation, 512);
  if (!split.ok) throw new Error(split.error);
  expect(split.parts.length).toBeGreaterThan(2);
  return split.parts;
}

/** A server with the source's state bucket, as a relay would leave it, and a peer on it. */
async function source(
  config?: string,
): Promise<{ server: NatsServer; nc: NatsConnection; bucket: KV }> {
  const server = await nats.start({ config });
  const nc = await connect({ servers: server.url });
  closers.push(() => nc.close());
  const bucket = await new Kvm(nc).create(names.bucket, { history: 1 });
  return { server, nc, bucket };
}

/** Stores parts as the relay does: the first, which holds the manifest, last. */
async function store(bucket: KV, cut: readonly Uint8Array[], first = true): Promise<void> {
  for (let i = cut.length - 1; i >= (first ? 0 : 1); i--)
    await bucket.put(helloPartKey(i), cut[i]!);
}

function desk(server: NatsServer): FeedEngine {
  return testDeskEngine(`${server.url}/src`, closers);
}

const ids = (e: FeedEngine): string[] => e.streamState().hello?.instruments.map((i) => i.id) ?? [];
const idsOf = (text: string): string[] =>
  (JSON.parse(text) as HelloMessage).instruments.map((i) => i.id);

describe('a NATS hello in parts', () => {
  it('takes the newest complete hello when parts of two generations interleave on the subject', async () => {
    const { server, nc, bucket } = await source();
    await store(bucket, parts(hello('A', 12), 1));
    const e = desk(server);
    await e.start();
    await until(() => ids(e).length === 12, 15_000);

    const two = parts(hello('B', 13), 2);
    const three = parts(hello('C', 14), 3);
    nc.publish(names.hello, three[0]!);
    for (const p of two) nc.publish(names.hello, p);
    await until(() => ids(e)[0] === 'B0', 10_000);
    expect(ids(e)).toEqual(idsOf(hello('B', 13)));
    for (const p of three.slice(1)) nc.publish(names.hello, p);
    await until(() => ids(e)[0] === 'C0', 10_000);
    // The older generation again, whole: it is not the newest, and is not taken.
    for (const p of two) nc.publish(names.hello, p);
    nc.publish(names.hello, parts(hello('D', 12), 1)[0]!);
    await nc.flush();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ids(e)).toEqual(idsOf(hello('C', 14)));
    expect(e.health()).toMatchObject({ malformed: 0, lastError: null });
  }, 30_000);

  it('never mixes the parts of two stored generations: a late joiner takes the newest once whole', async () => {
    const { server, bucket } = await source();
    await store(bucket, parts(hello('A', 12), 4));
    // The relay is storing generation 5 (its first part, the manifest, goes last): the
    // bucket holds generation 4's first part and generation 5's others.
    const five = parts(hello('E', 15), 5);
    await store(bucket, five, false);
    const e = desk(server);
    await e.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(e.streamState().hello).toBeNull();
    await bucket.put(helloPartKey(0), five[0]!);
    await until(() => ids(e).length > 0, 10_000);
    expect(ids(e)).toEqual(idsOf(hello('E', 15)));
    expect(e.health()).toMatchObject({ malformed: 0 });
  }, 30_000);

  it('takes from the bucket the parts of a hello it missed on the subject', async () => {
    const { server, nc, bucket } = await source();
    await store(bucket, parts(hello('A', 12), 1));
    const e = desk(server);
    await e.start();
    await until(() => ids(e).length === 12, 15_000);
    // A relay's heartbeats keep the desk live: a reconnect would read the bucket anyway.
    const beat = () =>
      nc.publish(names.heartbeat, encode(JSON.stringify({ op: 'heartbeat', ts: Date.now() })));
    const heartbeats = setInterval(beat, 200);
    closers.push(() => clearInterval(heartbeats));
    const reconnects = e.health().reconnects;
    // Generation 2's first part went before the desk heard (or was lost on the way).
    const two = parts(hello('B', 13), 2);
    await store(bucket, two);
    for (const p of two.slice(1)) nc.publish(names.hello, p);
    await until(() => ids(e)[0] === 'B0', 10_000);
    expect(ids(e)).toEqual(idsOf(hello('B', 13)));
    expect(e.health().reconnects).toBe(reconnects);
  }, 30_000);

  it('refuses hostile parts naming the field, keeps its instruments, and takes a good hello after', async () => {
    const { server, nc, bucket } = await source('max_payload: 4MB');
    const errors = watchProcessErrors();
    closers.push(() => errors.stop());
    await store(bucket, parts(hello('A', 12), 1));
    const e = desk(server);
    await e.start();
    await until(() => ids(e).length === 12, 15_000);
    const shown = (why: RegExp) =>
      until(() => why.test(e.health().lastError ?? ''), 10_000).then(() =>
        expect(ids(e)).toEqual(idsOf(hello('A', 12))),
      );
    const part = (manifest: object, slice = 'x') =>
      encode(`${JSON.stringify({ op: 'hello-part', ...manifest })}\n${slice}`);
    const refused = (data: Uint8Array, why: RegExp) => {
      nc.publish(names.hello, data);
      return shown(new RegExp(`NATS hello part on tickdeck\\.src\\.hello refused: ${why.source}`));
    };

    nc.publish(names.hello, new Uint8Array(1024 * 1024 + 1));
    await shown(/NATS message on tickdeck\.src\.hello refused: 1048577 bytes/);
    await refused(encode('{"op":"hello"}'), /manifest: no line/);
    await refused(part({ generation: 2, part: 0, parts: 1_000_000, bytes: 9 }), /parts: 1000000 /);
    await refused(part({ generation: 2, part: 7, parts: 2, bytes: 9 }), /part: 7 /);
    await refused(part({ generation: 2, part: 0, parts: 2, bytes: 1e12 }), /bytes: 1000000000000 /);
    await refused(part({ generation: -1, part: 0, parts: 2, bytes: 9 }), /generation: -1 /);
    await refused(
      part({ generation: 2, part: 0, parts: 1, bytes: 1 }, 'xx'),
      /bytes: a part of 2 /,
    );
    nc.publish(names.hello, part({ generation: 2, part: 0, parts: 2, bytes: 9 }));
    await refused(part({ generation: 2, part: 1, parts: 3, bytes: 9 }), /parts: 3, where/);
    // Parts that complete a generation but hold text that is not a hello: the engine's
    // decoder refuses it, as it would a bad hello from any feed.
    const notHello = helloParts('{"op":"hello","protocol":2}', 3, 4096);
    for (const p of notHello.ok ? notHello.parts : []) nc.publish(names.hello, p);
    await until(() => e.health().malformed === 1, 10_000);
    expect(ids(e)).toEqual(idsOf(hello('A', 12)));
    await store(bucket, [part({ generation: 9, part: 0, parts: 5000, bytes: 1 })]);

    const good = parts(hello('G', 12), 4);
    for (const p of good) nc.publish(names.hello, p);
    await until(() => ids(e)[0] === 'G0', 10_000);
    expect(ids(e)).toEqual(idsOf(hello('G', 12)));
    expect(errors.errors).toEqual([]);

    // A late joiner whose stored hello is hostile is told why, and is not given it.
    const late = desk(server);
    await late.start();
    await until(() => late.health().connection.state === 'reconnecting', 10_000);
    await until(
      () =>
        /the stored hello is refused: parts: 5000 /.test(JSON.stringify(late.health().connection)),
      10_000,
    );
    expect(late.streamState().hello).toBeNull();
  }, 60_000);
});
