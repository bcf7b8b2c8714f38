import { connect, headers, type Msg } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeServerMessage } from '../../../protocol/decode';
import { startRelay } from '../../../relay/relay';
import { until } from '../../../test-support/batch-view';
import { useNatsServers } from '../../../test-support/nats-server';
import { useSimulators } from '../../../test-support/simulators';
import { SEQ_HEADER, seqRange } from '../../../protocol/nats-seqs';
import { readSeqHeader, seqHeader } from './seq-header';
import { testRelayOptions } from '../../../test-support/relay-options';

const nats = useNatsServers();
const sims = useSimulators({ seed: 3, rate: 2_000, instruments: 4, matches: 1, heartbeatMs: 200 });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const encode = (text: string) => new TextEncoder().encode(text);

describe('the seq header', () => {
  it("is on every live message a relay publishes, and gives the seqs of the message's own events", async () => {
    const server = await nats.start();
    const nc = await connect({ servers: server.url });
    closers.push(() => nc.close());
    const live: Msg[] = [];
    nc.subscribe('tickdeck.sim.live.>', { callback: (_err, msg) => void live.push(msg) });
    await nc.flush();
    const sim = await sims.start();
    const relay = await startRelay(testRelayOptions(server.url, sim.url));
    closers.push(() => relay.close());
    await until(() => live.length >= 300, 15_000);

    const ops = new Set<string>();
    for (const msg of live) {
      const decoded = decodeServerMessage(msg.string());
      if (!decoded.ok) throw new Error(decoded.error.message);
      ops.add(decoded.value.op);
      expect(readSeqHeader(msg)).toEqual(seqRange(decoded.value));
    }
    // The snapshots published at the start and the ticks after them.
    expect([...ops].sort()).toEqual(['snapshot', 'ticks']);
  }, 60_000);

  it('reads as no range when it is missing or does not hold two seqs, oldest first', async () => {
    const server = await nats.start();
    const nc = await connect({ servers: server.url });
    closers.push(() => nc.close());
    const heard: Msg[] = [];
    nc.subscribe('t', { callback: (_err, msg) => void heard.push(msg) });
    nc.publish('t', encode('{}'), { headers: seqHeader({ firstSeq: 3, lastSeq: 9 }) });
    nc.publish('t', encode('{}'), { headers: seqHeader({ firstSeq: 0, lastSeq: 0 }) });
    nc.publish('t', encode('{}'));
    for (const value of ['5', '7 3', '1 2 3', 'a b', '-1 4', '1e3 2e3', '1 x']) {
      const h = headers();
      h.set(SEQ_HEADER, value);
      nc.publish('t', encode('{}'), { headers: h });
    }
    await nc.flush();
    await until(() => heard.length === 10, 5_000);
    expect(heard.map((m) => readSeqHeader(m))).toEqual([
      { firstSeq: 3, lastSeq: 9 },
      { firstSeq: 0, lastSeq: 0 },
      ...new Array(8).fill(null),
    ]);
  }, 30_000);
});
