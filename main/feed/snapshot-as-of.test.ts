/**
 * Bug 101, over a real WebSocket: a snapshot older than what the feed session already applied
 * must not roll the instrument back, while a restarted server (a new connection's hello, its
 * seqs starting over) must still be believed; and bug 117, such a refusal is counted in the
 * health and said once in the log.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { until, watch } from '../../test-support/batch-view';
import { market, marketSnapshot, trade } from '../../test-support/engine-fixtures';
import { MockExchange, type MockClient } from '../../test-support/mock-exchange';
import { createFeedEngine } from './engine';

const closers: (() => Promise<void>)[] = [];
/** The engine says once a source session that it refused a late snapshot (bug 117). */
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(async () => {
  warn.mockRestore();
  for (const close of closers.splice(0).reverse()) await close();
});

const json = (msg: object) => JSON.stringify(msg);
const hello = json({
  op: 'hello',
  protocol: 1,
  heartbeatMs: 1_000,
  server: 'loopback',
  instruments: [market('ACME'), market('BETA')],
});
const snapshot = (instrument: string, seq: number, last: number) =>
  json({ op: 'snapshot', instrument, seq, state: marketSnapshot(last, Date.now()) });
const ticks = (...list: object[]) => json({ op: 'ticks', ticks: list });
interface Subscribe {
  readonly id: number;
  readonly instruments?: readonly string[];
  readonly resume?: Record<string, number>;
}

/** The loopback feed and an engine on it, `client` the engine's n-th connection once subscribed. */
async function engineOnLoopback() {
  const feed = await MockExchange.start();
  closers.push(() => feed.close());
  const engine = createFeedEngine({
    feed: feed.url,
    batchHz: 30,
    backoff: { baseMs: 20, capMs: 100 },
  });
  closers.push(() => engine.close());
  const view = watch(engine);
  void engine.start();
  const subscribed = async (n: number): Promise<MockClient> => {
    const client = await feed.client(n);
    feed.play(client, hello);
    // A resume comes as a subscribe of the instruments with their seqs, then one of '*'.
    const requests = () => client.received.map((r) => JSON.parse(r.text) as Subscribe);
    await feed.until(() => requests().some((r) => r.instruments?.[0] === '*'));
    for (const { id } of requests()) feed.play(client, json({ op: 'status', id, ok: true }));
    return client;
  };
  return { feed, view, subscribed };
}

describe('a snapshot behind the live ticks (bug 101)', () => {
  it('is not taken in the same session: the prices stay at the newest tick', async () => {
    const { feed, view, subscribed } = await engineOnLoopback();
    const client = await subscribed(0);
    feed.play(
      client,
      snapshot('ACME', 1, 100),
      ticks(trade('ACME', 2, 105), trade('ACME', 3, 110)),
    );
    await until(() => view.market.get('ACME')?.last === 110);
    // A late snapshot (seq 2, as of before tick 3), then a marker: BETA's first snapshot.
    feed.play(client, snapshot('ACME', 2, 90), snapshot('BETA', 1, 50));
    await until(() => view.market.get('BETA')?.last === 50);
    expect(view.market.get('ACME')?.last).toBe(110);
    // And the sequence still follows tick 3: tick 4 applies, no gap.
    feed.play(client, ticks(trade('ACME', 4, 111)));
    await until(() => view.market.get('ACME')?.last === 111);
    expect(view.last()?.health.gaps).toBe(0);
  });

  it("takes a restarted server's snapshot, whose seq started over, on the new connection", async () => {
    const { feed, view, subscribed } = await engineOnLoopback();
    const first = await subscribed(0);
    feed.play(first, snapshot('ACME', 1, 100), ticks(trade('ACME', 2, 105), trade('ACME', 3, 110)));
    await until(() => view.market.get('ACME')?.last === 110);
    first.socket.terminate(); // the server restarts: its seqs start again from 1
    const second = await subscribed(1);
    expect(JSON.parse(second.received[0]!.text)).toMatchObject({ resume: { ACME: 3 } });
    feed.play(second, snapshot('ACME', 1, 70));
    await until(() => view.market.get('ACME')?.last === 70);
    feed.play(second, ticks(trade('ACME', 2, 71)));
    await until(() => view.market.get('ACME')?.last === 71);
    // Within the new session, an older snapshot again is late, and not taken.
    feed.play(second, snapshot('ACME', 1, 60), snapshot('BETA', 1, 50));
    await until(() => view.market.get('BETA')?.last === 50);
    expect(view.market.get('ACME')?.last).toBe(71);
  });
});

describe('a late snapshot refused (bug 117)', () => {
  it('is counted in the health, an accepted one is not, and the count outlives a reconnect', async () => {
    const { feed, view, subscribed } = await engineOnLoopback();
    const lateSnapshots = () => view.last()?.health.lateSnapshots;
    const first = await subscribed(0);
    feed.play(first, snapshot('ACME', 1, 100), ticks(trade('ACME', 2, 105), trade('ACME', 3, 110)));
    // A newer snapshot is taken, and is no refusal.
    feed.play(first, snapshot('ACME', 4, 120), snapshot('BETA', 1, 50));
    await until(
      () => view.market.get('BETA')?.last === 50 && view.market.get('ACME')?.last === 120,
    );
    expect(lateSnapshots()).toBe(0);
    // Two late ones (seq 2 and 3, both before 4): counted, said once.
    feed.play(first, snapshot('ACME', 2, 90), snapshot('ACME', 3, 95));
    await until(() => lateSnapshots() === 2);
    expect(view.market.get('ACME')?.last).toBe(120);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/late snapshot of ACME \(seq 2/);

    // The connection drops; the server comes back with seqs going on. The count carries on.
    first.socket.terminate();
    const second = await subscribed(1);
    feed.play(second, snapshot('ACME', 5, 121), ticks(trade('ACME', 6, 122)));
    await until(() => view.market.get('ACME')?.last === 122);
    expect(lateSnapshots()).toBe(2);
    feed.play(second, snapshot('ACME', 5, 80));
    await until(() => lateSnapshots() === 3);
    expect(view.market.get('ACME')?.last).toBe(122);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
