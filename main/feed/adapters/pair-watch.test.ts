import { afterEach, describe, expect, it, vi } from 'vitest';
import { KRAKEN_HEARTBEAT, KRAKEN_TICKER_UPDATE } from '../../../test-support/kraken-payloads';
import { POLYMARKET_NFL } from '../../../test-support/polymarket-payloads';
import type { Harness } from '../../../test-support/exchange-feed';
import { harness } from '../../../test-support/exchange-feed';
import type { MockClient } from '../../../test-support/mock-exchange';
import { createExchangeProtocol } from './exchange-protocol';
import { PairWatch, SILENT_PAIR_MIN_MS } from './pair-watch';

let h: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.close();
  h = undefined;
});

/** Kraken's documented ticker update, for `pair`. */
const ticker = (pair: string) => KRAKEN_TICKER_UPDATE.replace('ALGO/USD', pair);

/**
 * Moves the clock `ms` on, then plays `frames` and waits until the engine has read them. Only
 * `Date` is faked: the sockets and the engine's timers run, and the stall watch sees a frame
 * every second of the faked clock, as on a live feed.
 */
async function after(ms: number, client: MockClient, ...frames: string[]): Promise<void> {
  vi.setSystemTime(Date.now() + ms);
  const read = h!.results.length + frames.length;
  h!.exchange.play(client, ...frames);
  await h!.until(() => h!.results.length >= read);
}

describe('a pair whose data stops while its source delivers', () => {
  it('is named with its silence once past a minute and ten of its usual gaps, and lifted when data comes back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    h = await harness('kraken', ['ALGO/USD', 'MATIC/USD']);
    const client = await h.exchange.client();
    for (let s = 0; s < 10; s++)
      await after(1_000, client, ticker('ALGO/USD'), ticker('MATIC/USD'));
    const lastAlgo = Date.now();
    // MATIC/USD and heartbeats go on, a frame every 2 s; ALGO/USD sends nothing more.
    for (let s = 2; s < SILENT_PAIR_MIN_MS / 1_000; s += 2)
      await after(2_000, client, ticker('MATIC/USD'), KRAKEN_HEARTBEAT);
    expect(h.health().connection.state).toBe('live');
    expect(h.health().notices).toBeUndefined();
    await after(2_000, client, ticker('MATIC/USD'));
    expect(h.health().notices).toEqual([
      { instrument: 'ALGO/USD', kind: 'silent', halted: false, since: lastAlgo, usualMs: 1_000 },
    ]);
    await after(2_000, client, KRAKEN_HEARTBEAT);
    expect(h.health().notices).toEqual([expect.objectContaining({ since: lastAlgo })]);
    await after(1_000, client, ticker('ALGO/USD'));
    expect(h.health().notices).toBeUndefined();
  });
});

describe('what an exchange source names silent', () => {
  it('never a game, whose state comes only when it changes', () => {
    const feed = createExchangeProtocol(
      { kind: 'exchange', exchange: 'polymarket-sports', symbols: [] },
      null,
    );
    const session = feed.createConnection();
    session.open(new Map(), 0);
    for (let t = 0; t < 10_000; t += 1_000)
      session.decode(POLYMARKET_NFL.replace('5:18', `5:${10 + t / 1_000}`), t);
    for (let t = 10_000; t < 600_000; t += 5_000) session.decode('ping', t);
    expect(feed.notices!(600_000)).toEqual([]);
  });

  it('never a pair that left the source', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    h = await harness('kraken', ['ALGO/USD', 'MATIC/USD']);
    const client = await h.exchange.client();
    for (let s = 0; s < 3; s++) await after(1_000, client, ticker('ALGO/USD'));
    const refusal = { method: 'subscribe', success: false, error: 'Currency pair not supported' };
    await after(0, client, JSON.stringify({ ...refusal, symbol: 'ALGO/USD' }));
    for (let s = 0; s < 35; s++) await after(2_000, client, ticker('MATIC/USD'));
    expect(h.instruments().map((i) => i.id)).toEqual(['MATIC/USD']);
    expect(h.health().notices).toBeUndefined();
  });
});

describe('PairWatch', () => {
  it('waits ten of a slow pair’s usual gaps, not a minute, before naming it', () => {
    const watch = new PairWatch();
    watch.frame(0);
    for (let t = 0; t <= 40_000; t += 10_000) watch.heard('SLOW', t);
    expect(watch.notices(40_000 + 99_999)).toEqual([]);
    expect(watch.notices(40_000 + 100_000)).toEqual([
      { instrument: 'SLOW', kind: 'silent', halted: false, since: 40_000, usualMs: 10_000 },
    ]);
  });

  it('does not learn a silence as the pair’s pace, nor count one across a reconnect', () => {
    const watch = new PairWatch();
    watch.frame(0);
    watch.heard('P', 0);
    watch.heard('P', 1_000);
    watch.heard('P', 500_000); // a silence it was named for
    watch.newConnection();
    watch.frame(600_000);
    expect(watch.notices(600_000 + SILENT_PAIR_MIN_MS - 1)).toEqual([]);
    expect(watch.notices(600_000 + SILENT_PAIR_MIN_MS)).toEqual([
      expect.objectContaining({ instrument: 'P', since: 500_000, usualMs: 1_000 }),
    ]);
  });

  it('names nothing for a pair heard once: it has no pace yet', () => {
    const watch = new PairWatch();
    watch.frame(0);
    watch.heard('ONCE', 0);
    expect(watch.notices(3_600_000)).toEqual([]);
  });
});
