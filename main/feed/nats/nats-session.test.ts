import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessage, SnapshotMessage } from '../../../protocol/feed';
import { encodeInstrument, stateKey } from '../../../protocol/nats';
import { MAX_SEQS_BYTES } from '../../../protocol/nats-seqs';
import { startRelay } from '../../../relay/relay';
import { until } from '../../../test-support/batch-view';
import { startProxy } from '../../../test-support/fault-proxy';
import { startNatsForwarder } from '../../../test-support/nats-forwarder';
import { useNatsServers, type NatsServer } from '../../../test-support/nats-server';
import { watchProcessErrors } from '../../../test-support/process-errors';
import { useSimulators } from '../../../test-support/simulators';
import { createFeedEngine, type FeedEngine } from '../engine';
import { testRelayOptions } from '../../../test-support/relay-options';

const nats = useNatsServers();
const sims = useSimulators({ seed: 7, rate: 300, instruments: 6, matches: 1, heartbeatMs: 200 });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const encode = (text: string) => new TextEncoder().encode(text);

function engine(server: NatsServer): FeedEngine {
  const e = createFeedEngine({
    feed: `${server.url}/src`,
    batchHz: 10,
    backoff: { baseMs: 20, capMs: 300 },
  });
  closers.push(() => e.close());
  return e;
}

async function client(server: NatsServer): Promise<NatsConnection> {
  const nc = await connect({ servers: server.url });
  closers.push(() => nc.close());
  return nc;
}

const snapshotOf = (e: FeedEngine, id: string): SnapshotMessage | undefined =>
  e.streamState().snapshots.find((s) => s.instrument === id);

/**
 * A simulator whose ticks of one instrument stop when `quiet(id)` is called (the source stays
 * live), relayed under the prefix `upstream` and forwarded to desks under `tickdeck`.
 */
async function lossySetup(server: NatsServer) {
  const sim = await sims.start();
  let quietId: string | null = null;
  const proxy = await startProxy(sim.url, {
    relay: (text, send) => {
      const message = JSON.parse(text) as ServerMessage;
      if (quietId === null || message.op !== 'ticks') return send(text);
      const ticks = message.ticks.filter((t) => t.instrument !== quietId);
      if (ticks.length > 0) send(JSON.stringify({ ...message, ticks }));
    },
  });
  closers.push(() => proxy.close());
  const relay = await startRelay(
    testRelayOptions(server.url, proxy.url, { name: 'src', subjectPrefix: 'upstream' }),
  );
  closers.push(() => relay.close());
  const forwarder = await startNatsForwarder(server.url, 'src', 'upstream', 'tickdeck');
  closers.push(() => forwarder.close());
  return { forwarder, quiet: (id: string) => void (quietId = id) };
}

describe('a NATS desk', () => {
  it('resyncs an instrument whose last ticks were lost on the way, though no later tick shows the gap', async () => {
    const server = await nats.start();
    const { forwarder, quiet } = await lossySetup(server);
    const desk = engine(server);
    await desk.start();
    await until(() => desk.streamState().snapshots.length === 7, 15_000);
    const quietId = desk.streamState().snapshots.find((s) => s.state.kind === 'market')!.instrument;
    const seqBefore = snapshotOf(desk, quietId)!.seq;
    const { gaps, resyncs } = desk.health();
    // Lose the instrument's messages to the desk, then let it go quiet at the source.
    forwarder.drop((subject) => subject === `upstream.src.live.${encodeInstrument(quietId)}`);
    await until(() => forwarder.dropped >= 2, 15_000);
    quiet(quietId);

    const nc = await client(server);
    const stored = await new Kvm(nc).open('upstream_src_state');
    const storedSnapshot = async (): Promise<SnapshotMessage> =>
      JSON.parse((await stored.get(stateKey(quietId)))!.string()) as SnapshotMessage;
    // The stored state settles once the relay's last flush after the source went quiet is in.
    let last = await storedSnapshot();
    for (let same = 0; same < 3;) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await storedSnapshot();
      same = now.seq === last.seq ? same + 1 : 0;
      last = now;
    }
    expect(last.seq).toBeGreaterThan(seqBefore);
    const reconnects = desk.health().reconnects;
    // The other instruments keep ticking and the relay's heartbeats keep the desk live: only
    // the last-seq messages can show the loss. Within 5 s: a few heartbeats.
    await until(() => snapshotOf(desk, quietId)?.seq === last.seq, 5_000);
    expect(snapshotOf(desk, quietId)).toEqual(last);
    expect(desk.health()).toMatchObject({ connection: { state: 'live' }, reconnects });
    // The health bar counts the loss as a gap, and its repair as a resync.
    await until(() => desk.health().gaps > gaps, 2_000);
    expect(desk.health()).toMatchObject({ gaps: gaps + 1, resyncs: resyncs + 1 });
  }, 60_000);

  it('refuses malformed and oversize last-seq messages with the reason, and carries on', async () => {
    const server = await nats.start({ config: 'max_payload: 4MB' });
    const errors = watchProcessErrors();
    closers.push(() => errors.stop());
    await lossySetup(server);
    const desk = engine(server);
    await desk.start();
    await until(() => desk.streamState().snapshots.length === 7, 15_000);
    const peer = await client(server);
    const shown = (why: RegExp) => until(() => why.test(desk.health().lastError ?? ''), 10_000);
    const refused = (why: RegExp) =>
      shown(new RegExp(`last-seq message on tickdeck\\.src\\.seqs refused: ${why.source}`));

    peer.publish('tickdeck.src.seqs', new Uint8Array(MAX_SEQS_BYTES + 1));
    await shown(/NATS message on tickdeck\.src\.seqs refused: 65537 bytes/);
    peer.publish('tickdeck.src.seqs', encode('{"op":"seqs","seqs":'));
    await refused(/not JSON/);
    peer.publish('tickdeck.src.seqs', encode(`{"op":"seqs","seqs":{"SIM":-1}}`));
    await refused(/seq of "SIM" is not a whole number/);
    peer.publish('tickdeck.src.seqs', encode(`{"op":"seqs","seqs":["SIM"]}`));
    await refused(/seqs is not an object/);
    peer.publish('tickdeck.src.seqs', encode(`{"op":"seqs","seqs":{"SIM":1e300}}`));
    await refused(/seq of "SIM" is not a whole number/);
    // An instrument the source never announced is nobody's to resync.
    peer.publish('tickdeck.src.seqs', encode('{"op":"seqs","seqs":{"NOPE":99}}'));

    const before = desk.health().ticksTotal;
    await until(() => desk.health().ticksTotal > before + 50, 15_000);
    expect(desk.health().connection.state).toBe('live');
    expect(desk.streamState().snapshots).toHaveLength(7);
    expect(errors.errors).toEqual([]);
  }, 60_000);
});
