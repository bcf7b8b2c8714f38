import { afterEach, describe, expect, it } from 'vitest';
import { KRAKEN_HEARTBEAT } from '../../../test-support/kraken-payloads';
import type { Harness } from '../../../test-support/exchange-feed';
import { harness } from '../../../test-support/exchange-feed';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An `instrument` frame listing these pairs with their status, as Kraken's channel does. */
function instruments(type: 'snapshot' | 'update', statuses: Record<string, unknown>): string {
  const pairs = Object.entries(statuses).map(([symbol, status]) => ({
    symbol,
    base: symbol.split('/')[0],
    quote: 'USD',
    status,
    price_precision: 5,
    qty_precision: 8,
  }));
  return JSON.stringify({ channel: 'instrument', type, data: { assets: [], pairs } });
}

describe('Kraken pair status (instrument channel) over a socket, through the engine', () => {
  it('shows a subscribed pair that is not online as halted, naming its status, until it is online again', async () => {
    h = await harness('kraken', ['ALGO/USD', 'MATIC/USD']);
    const client = await h.exchange.client();
    h.exchange.play(client, KRAKEN_HEARTBEAT); // live: notices are shown only then
    // The channel lists every pair Kraken has; only the subscribed ones are read.
    const snapshot = { 'ALGO/USD': 'maintenance', 'MATIC/USD': 'online', 'XRP/USD': 'delisted' };
    h.exchange.play(client, instruments('snapshot', snapshot));
    await h.until(() => h!.health().notices?.length === 1);
    expect(h.health().notices).toEqual([
      {
        instrument: 'ALGO/USD',
        kind: 'status',
        status: 'maintenance',
        halted: true,
        since: expect.any(Number),
      },
    ]);
    expect(h.errors()).toEqual([]);
    // Limit orders only still trade: named, not halted.
    h.exchange.play(client, instruments('update', { 'ALGO/USD': 'limit_only' }));
    await h.until(() => h!.health().notices?.[0]?.status === 'limit_only');
    expect(h.health().notices![0]!.halted).toBe(false);
    h.exchange.play(client, instruments('update', { 'ALGO/USD': 'online' }));
    await h.until(() => h!.health().notices === undefined);
    expect(h.instruments().map((i) => i.id)).toEqual(['ALGO/USD', 'MATIC/USD']);
  });

  it('drops a delisted pair like a refused one, naming it, and never subscribes it again', async () => {
    h = await harness('kraken', ['ALGO/USD', 'MATIC/USD']);
    const client = await h.exchange.client();
    await h.until(() => client.received.length >= 4);
    h.exchange.play(client, instruments('update', { 'MATIC/USD': 'delisted' }));
    await h.until(() => h!.health().lastError?.includes('MATIC/USD') === true);
    expect(h.health().lastError).toBe(
      'UNKNOWN_INSTRUMENT: kraken: MATIC/USD is delisted; it leaves the watchlist',
    );
    expect(h.instruments().map((i) => i.id)).toEqual(['ALGO/USD']);
    client.socket.terminate();
    const second = await h.exchange.client(1);
    const sent = await h.until(
      () => second.received.length >= 4 && second.received.map((r) => JSON.parse(r.text)),
    );
    expect(sent[1].params.symbol).toEqual(['ALGO/USD']);
    const read = h.results.length + 1;
    h.exchange.play(second, KRAKEN_HEARTBEAT);
    await h.until(() => h!.results.length >= read);
    expect(h.instruments().map((i) => i.id)).toEqual(['ALGO/USD']);
  });

  it('counts a status that is not a status word as malformed, naming the field, and keeps the pair', async () => {
    h = await harness('kraken', ['ALGO/USD']);
    const client = await h.exchange.client();
    h.exchange.play(client, instruments('update', { 'ALGO/USD': 'x'.repeat(10_000) }));
    await h.until(() => h!.errors().length === 1);
    expect(h.errors()[0]).toMatch(/^instrument\.data\.pairs\[0\]\.status: expected a status word/);
    expect(h.errors()[0]!.length).toBeLessThan(120);
    h.exchange.play(client, KRAKEN_HEARTBEAT);
    await h.until(() => h!.results.length === 2);
    expect(h.health().notices).toBeUndefined();
    expect(h.instruments().map((i) => i.id)).toEqual(['ALGO/USD']);
  });
});
