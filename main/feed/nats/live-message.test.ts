import { connect, type Msg } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { natsNames } from '../../../protocol/nats';
import { until } from '../../../test-support/batch-view';
import { useNatsServers } from '../../../test-support/nats-server';
import { liveMessage } from './live-message';
import { seqHeader } from './seq-header';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const names = natsNames('tickdeck', 'sim');
const encode = (text: string) => new TextEncoder().encode(text);
const ticks = (instrument: string, seq: number) =>
  JSON.stringify({
    op: 'ticks',
    ticks: [{ kind: 'quote', instrument, seq, ts: 1, bid: 1, ask: 2, bidSize: 1, askSize: 1 }],
  });

/** The messages as a subscriber to every live subject gets them, in order. */
async function heard(publish: (nc: Awaited<ReturnType<typeof connect>>) => void, count: number) {
  const server = await nats.start();
  const nc = await connect({ servers: server.url });
  closers.push(() => nc.close());
  const msgs: Msg[] = [];
  nc.subscribe(names.liveAll, { callback: (_err, msg) => void msgs.push(msg) });
  await nc.flush();
  publish(nc);
  await nc.flush();
  await until(() => msgs.length === count, 5_000);
  return msgs;
}

describe('a live message', () => {
  it('with the seq header on an announced subject is held as its own bytes, unparsed', async () => {
    // Not JSON at all: with the header it is not parsed here (the engine checks it).
    const [msg] = await heard(
      (nc) =>
        nc.publish(names.live('ACME'), encode('not json'), {
          headers: seqHeader({ firstSeq: 4, lastSeq: 6 }),
        }),
      1,
    );
    const live = liveMessage(msg!, 'ACME', names.live);
    expect(live).toMatchObject({
      kind: 'hold',
      instrument: 'ACME',
      range: { firstSeq: 4, lastSeq: 6 },
    });
    expect(new TextDecoder().decode((live as { frame: Uint8Array }).frame)).toBe('not json');
    // A copy, not a view of the client's read buffer.
    expect((live as { frame: Uint8Array }).frame.buffer).not.toBe(msg!.data.buffer);
  }, 30_000);

  it('without the header is parsed for its seqs and instrument', async () => {
    const msgs = await heard((nc) => {
      nc.publish(names.live('ACME'), encode(ticks('ACME', 7)));
      nc.publish(names.live('ACME'), encode(ticks('BOLT', 8)));
      nc.publish(names.live('ACME'), encode('{"op":"ticks"'));
      nc.publish(names.live('ACME'), encode('{"op":"heartbeat","ts":5}'));
    }, 4);
    const [held, misplaced, broken, seqless] = msgs.map((m) => liveMessage(m, 'ACME', names.live));
    expect(held).toEqual({
      kind: 'hold',
      instrument: 'ACME',
      frame: ticks('ACME', 7),
      range: { firstSeq: 7, lastSeq: 7 },
    });
    expect(misplaced).toEqual({ kind: 'misplaced', instrument: 'BOLT' });
    // Passed on: the engine's decoder counts and shows what does not decode.
    expect(broken).toEqual({ kind: 'pass', text: '{"op":"ticks"' });
    expect(seqless).toEqual({ kind: 'pass', text: '{"op":"heartbeat","ts":5}' });
  }, 30_000);

  it('on a subject no hello announced is parsed even with the header', async () => {
    const [msg] = await heard(
      (nc) =>
        nc.publish(names.live('ZED'), encode(ticks('ZED', 2)), {
          headers: seqHeader({ firstSeq: 90, lastSeq: 99 }),
        }),
      1,
    );
    expect(liveMessage(msg!, undefined, names.live)).toEqual({
      kind: 'hold',
      instrument: 'ZED',
      frame: ticks('ZED', 2),
      range: { firstSeq: 2, lastSeq: 2 },
    });
  }, 30_000);
});
