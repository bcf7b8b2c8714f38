import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay } from '../../../relay/relay';
import type { RelayOptions } from '../../../relay/relay-api';
import { until } from '../../../test-support/batch-view';
import { DESK_CONFIG } from '../../../test-support/nats-desk-config';
import { useNatsServers, type NatsServer } from '../../../test-support/nats-server';
import { watchProcessErrors } from '../../../test-support/process-errors';
import { useSimulators } from '../../../test-support/simulators';
import type { FeedEngine } from '../engine-api';
import { MAX_NATS_MESSAGE_BYTES } from './engine-socket';
import { seqHeader } from './seq-header';
import { testRelayOptions } from '../../../test-support/relay-options';
import { testDeskEngine } from '../../../test-support/desk-engine';

const nats = useNatsServers();
const sims = useSimulators({ seed: 5, rate: 300, instruments: 6, matches: 1, heartbeatMs: 200 });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function relayOptions(server: NatsServer, source: string, auth = {}): RelayOptions {
  return testRelayOptions(server.url, source, { auth });
}

async function relayFor(server: NatsServer, auth = {}): Promise<void> {
  const sim = await sims.start();
  const relay = await startRelay(relayOptions(server, sim.url, auth));
  closers.push(() => relay.close());
}

function engine(server: NatsServer): FeedEngine {
  return testDeskEngine(`${server.url}/sim`, closers);
}

async function client(server: NatsServer, auth: { user?: string; pass?: string } = {}) {
  const nc: NatsConnection = await connect({ servers: server.url, ...auth });
  closers.push(() => nc.close());
  return nc;
}

const encode = (text: string) => new TextEncoder().encode(text);

describe('nats:// sources', () => {
  it('reads the stored states first, then live ticks, and names the NATS server', async () => {
    const server = await nats.start();
    await relayFor(server);
    const e = engine(server);
    await e.start();
    await until(() => e.streamState().snapshots.length === 7, 15_000);
    const before = e.health().ticksTotal;
    await until(() => e.health().ticksTotal > before + 50, 15_000);
    expect(e.health()).toMatchObject({
      source: { label: `NATS 127.0.0.1:${server.port} · sim` },
      connection: { state: 'live' },
      gaps: 0,
    });
  }, 60_000);

  it('skips and reports hostile messages on the subjects, and stays right', async () => {
    const server = await nats.start({ config: 'max_payload: 4MB' });
    const errors = watchProcessErrors();
    closers.push(() => errors.stop());
    await relayFor(server);
    const e = engine(server);
    await e.start();
    await until(() => e.streamState().snapshots.length === 7, 15_000);
    const peer = await client(server);
    const live = 'tickdeck.sim.live.';
    peer.publish(`${live}SIM000`, new Uint8Array(MAX_NATS_MESSAGE_BYTES + 1));
    await until(() => /refused: 1048577 bytes/.test(e.health().lastError ?? ''), 10_000);
    peer.publish(
      `${live}SIM001`,
      encode(
        '{"op":"ticks","ticks":[{"instrument":"SIM000","seq":1,"ts":1,"kind":"trade","price":1,"size":1,"side":"buy"}]}',
      ),
    );
    await until(() => /SIM001 is about SIM000/.test(e.health().lastError ?? ''), 10_000);
    peer.publish(`${live}SIM000`, encode('{"op":"ticks","ticks":[{"instrument":'));
    peer.publish(`${live}SIM000`, encode('{"op":"ticks","ticks":[{"instrument":"SIM000"}]}'));
    peer.publish('tickdeck.sim.heartbeat', encode('not json'));
    await until(() => e.health().malformed === 3, 10_000);
    // The live stream carries on after the junk.
    const before = e.health().ticksTotal;
    await until(() => e.health().ticksTotal > before + 50, 15_000);
    expect(errors.errors).toEqual([]);
  }, 60_000);

  it('survives a malformed message that carries the seq header, and the instruments merged with it resync', async () => {
    const server = await nats.start();
    const errors = watchProcessErrors();
    closers.push(() => errors.stop());
    await relayFor(server);
    const e = engine(server);
    await e.start();
    await until(() => e.streamState().snapshots.length === 7, 15_000);
    const peer = await client(server);
    // The relay's shape at both ends, so the gateway forwards it unparsed, merged with the
    // ticks messages of the same read: the engine refuses that frame whole.
    peer.publish('tickdeck.sim.live.SIM000', encode('{"op":"ticks","ticks":[{"instrument":]}'), {
      headers: seqHeader({ firstSeq: 1, lastSeq: 1 }),
    });
    await until(() => e.health().malformed >= 1, 10_000);
    const before = e.health().ticksTotal;
    await until(() => e.health().ticksTotal > before + 50, 15_000);
    // Whatever the refused frame held shows as gaps at the next ticks, resynced from the bucket.
    await until(() => e.streamState().snapshots.length === 7, 15_000);
    expect(e.health().connection.state).toBe('live');
    expect(errors.errors).toEqual([]);
  }, 60_000);

  it('cuts an engine that reads too slowly (heartbeats seconds late) and resumes it from the stored states', async () => {
    const server = await nats.start();
    await relayFor(server);
    const e = engine(server);
    await e.start();
    await until(() => e.streamState().snapshots.length === 7, 15_000);
    // The relay's heartbeats (one a second) first: the lag is measured against the freshest.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const { reconnects } = e.health();
    const reasons: string[] = [];
    closers.push(
      e.onConnectionEvent((event) => {
        if (event.type === 'disconnected') reasons.push(event.reason ?? '');
      }),
    );
    // What a desk sees when nats-server has queued seconds of messages for it: a heartbeat
    // that much older than the ones before.
    const peer = await client(server);
    peer.publish(
      'tickdeck.sim.heartbeat',
      encode(JSON.stringify({ op: 'heartbeat', ts: Date.now() - 10_000 })),
    );
    await until(() => e.health().reconnects > reconnects && reasons.length > 0, 10_000);
    expect(reasons[0]).toMatch(/slow consumer: NATS messages (9|10)\.\d s behind/);
    await until(() => e.health().connection.state === 'live', 15_000);
    const before = e.health().ticksTotal;
    await until(() => e.health().ticksTotal > before + 50, 15_000);
    // Every instrument read again from its stored state (the match's snapshot may lag a tick).
    await until(() => e.streamState().snapshots.length === 7, 10_000);
  }, 60_000);

  it('joins mid-stream without a gap: no instrument is opened on a state older than what it missed', async () => {
    const server = await nats.start();
    const sim = await sims.start({ rate: 5_000, instruments: 200, matches: 0 });
    const relay = await startRelay(relayOptions(server, sim.url));
    closers.push(() => relay.close());
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // states stored, ticks flowing
    for (let join = 0; join < 3; join++) {
      const e = engine(server);
      await e.start();
      await until(() => e.streamState().snapshots.length === 200, 20_000);
      // Ticks published between a stored state and the desk's subscription reach neither: a
      // state opened without knowing that shows as a gap at the next tick.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(e.health().gaps).toBe(0);
      await e.close();
    }
  }, 90_000);

  it('says no relay has published the source on a server where none ever ran', async () => {
    const server = await nats.start();
    const e = engine(server);
    await e.start();
    let reason = '';
    await until(() => {
      const c = e.health().connection;
      if (c.state === 'reconnecting') reason = c.reason;
      return reason !== '' && !reason.includes('no NATS server answers'); // its gateway connecting
    }, 15_000);
    // It said "NATS: stream not found", the relay's bucket not being there.
    expect(reason).toBe('server closed the connection (1013 no relay has published "sim")');
  }, 30_000);

  it('goes stale when the NATS server dies and resumes when it is back', async () => {
    const server = await nats.start();
    await relayFor(server);
    const e = engine(server);
    await e.start();
    await until(() => e.streamState().snapshots.length === 7, 15_000);
    await server.kill();
    await until(() => e.health().connection.state !== 'live', 15_000);
    await server.restart();
    await until(() => e.health().connection.state === 'live', 30_000);
    const before = e.health().ticksTotal;
    await until(() => e.health().ticksTotal > before + 50, 30_000);
  }, 90_000);

  it('works with read-only credentials, which cannot publish', async () => {
    const server = await nats.start({ config: DESK_CONFIG });
    await relayFor(server, { user: 'relay', password: 'relay-secret' });
    process.env.TICKDECK_NATS_USER = 'desk';
    process.env.TICKDECK_NATS_PASSWORD = 'desk-secret';
    closers.push(() => {
      delete process.env.TICKDECK_NATS_USER;
      delete process.env.TICKDECK_NATS_PASSWORD;
    });
    const e = engine(server);
    await e.start();
    await until(() => e.streamState().snapshots.length === 7, 15_000);

    const relayUser = await client(server, { user: 'relay', pass: 'relay-secret' });
    const heard: string[] = [];
    relayUser.subscribe('tickdeck.sim.live.SIM000', {
      callback: (_err, msg) => void heard.push(msg.string()),
    });
    const desk = await client(server, { user: 'desk', pass: 'desk-secret' });
    const refusals: string[] = [];
    void (async () => {
      for await (const s of desk.status()) if (s.type === 'error') refusals.push(String(s.error));
    })();
    desk.publish('tickdeck.sim.live.SIM000', encode('{"op":"heartbeat","ts":1}'));
    await until(() => refusals.some((r) => /permissions violation for publish/i.test(r)), 10_000);
    await relayUser.flush();
    expect(heard.filter((h) => h.includes('"heartbeat"'))).toEqual([]);
  }, 60_000);
});
