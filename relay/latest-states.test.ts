import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotMessage } from '../protocol/feed';
import { natsNames, stateKey } from '../protocol/nats';
import { MARKET } from '../test-support/instrument-snapshots';
import { useNatsServers } from '../test-support/nats-server';
import { LatestStates, STATE_FLUSH_MS } from './latest-states';
import { MAX_PUBLISH_BYTES, OversizeReport } from './live-payloads';
import { ensureStorage } from './relay-storage';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LatestStates', () => {
  it('writes an instrument changed many times once per flush, and none it holds no snapshot of', async () => {
    const server = await nats.start();
    const nc = await connect({ servers: server.url });
    closers.push(() => nc.close());
    const names = natsNames('tickdeck', 'sim');
    const retention = { maxAgeMs: 600_000, maxBytes: 1024 ** 2, replicas: 1 };
    const { state } = await ensureStorage(nc, names, retention);
    let seq = 1;
    // B waits for a resync: the relay's fold has no snapshot of it, so no state is written.
    const snapshots = (): SnapshotMessage[] => [
      { op: 'snapshot', instrument: 'A', seq, state: MARKET },
    ];
    const errors: string[] = [];
    const oversize = new OversizeReport((e) => errors.push(e));
    const states = new LatestStates(
      state,
      snapshots,
      (e) => errors.push(e),
      () => MAX_PUBLISH_BYTES,
      oversize,
    );
    closers.push(() => states.close());

    for (; seq <= 50; seq++) {
      states.changed('A');
      states.changed('B');
    }
    await sleep(STATE_FLUSH_MS * 3);
    const first = await state.get(stateKey('A'));
    expect(first?.revision).toBe(1); // fifty changes, one write
    expect((JSON.parse(first!.string()) as SnapshotMessage).seq).toBe(51);
    expect(await state.get(stateKey('B'))).toBeNull();

    seq = 60;
    states.changed('A');
    await states.finish();
    const second = await state.get(stateKey('A'));
    expect(second?.revision).toBe(2);
    expect((JSON.parse(second!.string()) as SnapshotMessage).seq).toBe(60);
    expect(errors).toEqual([]);
  });
});
