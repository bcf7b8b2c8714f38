import { afterEach, describe, expect, it } from 'vitest';
import type { BookLevel } from '../protocol/feed';
import { until } from '../test-support/batch-view';
import { testDeskEngine } from '../test-support/desk-engine';
import { startBigSource } from '../test-support/nats-big-source';
import { useNatsServers } from '../test-support/nats-server';
import { testRelayOptions } from '../test-support/relay-options';
import { formatStatus } from './cli';
import { startRelay } from './relay';

const nats = useNatsServers();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** `n` levels from `from`, `step` apart, with long decimals: about 27 bytes of JSON each. */
const levels = (n: number, from: number, step: number): BookLevel[] =>
  Array.from({ length: n }, (_, i) => [from + step * i + 1e-9, 1.123456789]);

describe('a relay on a server of a small max_payload', () => {
  it('cuts a big frame to fit, and names a tick too big for any message at the relay and the desks', async () => {
    const server = await nats.start({ config: 'max_payload: 32768' });
    const big = await startBigSource({ instruments: 3, tradesPerInterval: 3, intervalMs: 50 });
    closers.push(() => big.close());
    const lines: string[] = [];
    const relay = await startRelay(testRelayOptions(server.url, big.url, { name: 'big' }), (s) => {
      if (s.lastError !== null && lines.at(-1) !== s.lastError) lines.push(s.lastError);
    });
    closers.push(() => relay.close());
    const desk = testDeskEngine(`${server.url}/big`, closers);
    await desk.start();
    await until(() => desk.streamState().snapshots.length === 3, 15_000);
    const [id, other] = big.ids as [string, string];
    const stateOf = (i: string) => desk.streamState().snapshots.find((s) => s.instrument === i);

    // 400 trades of one instrument in one frame: about 45 KB of ticks, in two messages.
    const trade = { instrument: id, kind: 'trade', price: 10, size: 1, side: 'buy' } as const;
    big.send(Array.from({ length: 400 }, () => trade));
    await until(() => (stateOf(id)?.state as { trades: number } | undefined)!.trades >= 400, 5_000);
    // Before, the whole frame was refused by the NATS client: a gap at the desks.
    expect(desk.health()).toMatchObject({ gaps: 0, lastError: null });
    expect(lines).toEqual([]);

    // A full book of 1,000 levels a side: about 54 KB in one tick, which no message can hold.
    const otherSeq = stateOf(other)!.seq;
    big.send([
      {
        instrument: id,
        kind: 'book',
        full: true,
        bids: levels(1000, 9, -0.001),
        asks: levels(1000, 11, 0.001),
      },
    ]);
    await until(() => lines.length > 0, 5_000);
    expect(lines[0]).toMatch(
      /^not published, over the NATS server's max_payload \(1 so far, last tick \d+ of I00000\): 5\d{4} bytes, more than 32512/,
    );
    expect(formatStatus(relay.status())).toMatch(
      / \| source live, \d+ messages too big for NATS not published \(last .* of I00000\) \| /,
    );
    // The desk says why, shows no stale state of the instrument, and the others tick on.
    await until(
      () => /NATS relay: .* of I00000 not published/.test(desk.health().lastError ?? ''),
      5_000,
    );
    await until(() => stateOf(id) === undefined, 5_000);
    await until(() => stateOf(other)!.seq > otherSeq + 10, 5_000);

    // A book that fits again: the desk has the instrument back, with it.
    big.send([
      {
        instrument: id,
        kind: 'book',
        full: true,
        bids: levels(5, 9, -0.01),
        asks: levels(5, 11, 0.01),
      },
    ]);
    await until(() => stateOf(id)?.state.kind === 'market', 5_000);
    expect(stateOf(id)!.state).toMatchObject({ book: { bids: levels(5, 9, -0.01) } });
    expect(desk.health().connection.state).toBe('live');
  }, 60_000);
});
