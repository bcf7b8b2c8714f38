import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { natsNames } from '../protocol/nats';
import { useNatsServers } from '../test-support/nats-server';
import { ensureStorage } from './relay-storage';
import { MAX_IN_FLIGHT, StreamWriter } from './stream-writer';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const names = natsNames('tickdeck', 'sim');
const encode = (text: string) => new TextEncoder().encode(text);

async function storage() {
  const server = await nats.start();
  const nc = await connect({ servers: server.url, maxReconnectAttempts: -1 });
  closers.push(() => nc.close());
  const { jsm } = await ensureStorage(nc, names, {
    maxAgeMs: 600_000,
    maxBytes: 64 * 1024 ** 2,
    replicas: 1,
  });
  return { server, nc, jsm };
}

describe('StreamWriter', () => {
  it('stores every live message with an ack, and live subscribers get it too', async () => {
    const { nc, jsm } = await storage();
    const heard: string[] = [];
    nc.subscribe(names.live('A'), { callback: (_err, msg) => void heard.push(msg.string()) });
    const acked = new Map<number, string>();
    const writer = new StreamWriter(
      nc,
      (e) => expect.fail(e),
      (seq, _subject, payload) => acked.set(seq, new TextDecoder().decode(payload)),
    );
    for (let i = 1; i <= 200; i++) writer.write(names.live('A'), encode(`{"n":${i}}`));
    await writer.settled();
    expect(writer.writes()).toEqual({ acked: 200, failed: 0, unacked: 0, inFlight: 0 });
    expect(acked.get(1)).toBe('{"n":1}');
    expect(acked.get(200)).toBe('{"n":200}');
    expect((await jsm.streams.info(names.stream)).state.messages).toBe(200);
    await nc.flush();
    expect(heard).toHaveLength(200);
  });

  it(`with the server down: ${MAX_IN_FLIGHT} wait for an ack and fail, each heard, the rest go out unacknowledged, one report`, async () => {
    const { server, nc } = await storage();
    const errors: string[] = [];
    let failedHeard = 0;
    const writer = new StreamWriter(
      nc,
      (e) => errors.push(e),
      () => expect.fail('no ack with the server down'),
      (subject, payload) => {
        expect([subject, new TextDecoder().decode(payload)]).toEqual([names.live('A'), '{}']);
        failedHeard++;
      },
      // About what a timeout does, not how long the product's (5 s) is: spared the wait.
      { ackTimeoutMs: 1_000 },
    );
    await server.stop();
    for (let i = 0; i < MAX_IN_FLIGHT + 25; i++) writer.write(names.live('A'), encode('{}'));
    expect(writer.writes()).toMatchObject({ unacked: 25, inFlight: MAX_IN_FLIGHT });
    await writer.settled();
    expect(writer.writes()).toEqual({
      acked: 0,
      failed: MAX_IN_FLIGHT,
      unacked: 25,
      inFlight: 0,
    });
    expect(failedHeard).toBe(MAX_IN_FLIGHT);
    // Reported at most every 5 s, not once per message (a loaded machine spreads the timeouts).
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(3);
    expect(errors[0]).toMatch(/^stream write not acknowledged \(1 so far\)/);
  }, 60_000);
});
