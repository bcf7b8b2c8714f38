import { afterEach, describe, expect, it } from 'vitest';
import { COINBASE_HEARTBEAT, COINBASE_TICKER } from '../../../test-support/coinbase-payloads';
import type { Harness } from '../../../test-support/exchange-feed';
import { harness } from '../../../test-support/exchange-feed';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A `status` message listing these products as the channel's docs show one (fields trimmed). */
function status(products: Record<string, Record<string, unknown>>): string {
  return JSON.stringify({
    type: 'status',
    products: Object.entries(products).map(([id, fields]) => ({
      id,
      base_currency: id.split('-')[0],
      quote_currency: 'USD',
      display_name: id,
      status: 'online',
      status_message: null,
      post_only: false,
      limit_only: false,
      cancel_only: false,
      fx_stablecoin: false,
      ...fields,
    })),
    currencies: [],
  });
}

describe('Coinbase product status (status channel) over a socket, through the engine', () => {
  it('shows a subscribed product that is not fully trading as halted, naming why, until it trades again', async () => {
    h = await harness('coinbase', ['ETH-USD', 'SOL-USD']);
    const client = await h.exchange.client();
    // Live (notices are shown only then) at the venue's heartbeat, one a second per product.
    h.exchange.play(client, COINBASE_HEARTBEAT.replace('BTC-USD', 'ETH-USD'));
    // The channel lists every product Coinbase has; only the subscribed ones are read.
    h.exchange.play(
      client,
      status({ 'ETH-USD': { cancel_only: true }, 'SOL-USD': {}, 'XRP-USD': { status: 'offline' } }),
    );
    await h.until(() => h!.health().notices?.length === 1);
    expect(h.health().notices).toEqual([
      {
        instrument: 'ETH-USD',
        kind: 'status',
        status: 'cancel_only',
        halted: true,
        since: expect.any(Number),
      },
    ]);
    expect(h.errors()).toEqual([]);
    // Limit orders only still trade: named, not halted.
    h.exchange.play(client, status({ 'ETH-USD': { limit_only: true } }));
    await h.until(() => h!.health().notices?.[0]?.status === 'limit_only');
    expect(h.health().notices![0]!.halted).toBe(false);
    h.exchange.play(client, status({ 'ETH-USD': { status: 'offline' } }));
    await h.until(() => h!.health().notices?.[0]?.status === 'offline');
    expect(h.health().notices![0]!.halted).toBe(true);
    h.exchange.play(client, status({ 'ETH-USD': { trading_disabled: true } }));
    await h.until(() => h!.health().notices?.[0]?.status === 'trading_disabled');
    expect(h.health().notices![0]!.halted).toBe(true);
    h.exchange.play(client, status({ 'ETH-USD': {}, 'SOL-USD': {} }));
    await h.until(() => h!.health().notices === undefined);
    expect(h.instruments().map((i) => i.id)).toEqual(['ETH-USD', 'SOL-USD']);
  });

  it('drops a delisted product, naming it, and never subscribes it again', async () => {
    h = await harness('coinbase', ['ETH-USD', 'SOL-USD']);
    const client = await h.exchange.client();
    await h.until(() => client.received.length >= 1);
    h.exchange.play(client, status({ 'SOL-USD': { status: 'delisted' } }));
    await h.until(() => h!.health().lastError?.includes('SOL-USD') === true);
    expect(h.health().lastError).toBe(
      'UNKNOWN_INSTRUMENT: coinbase: SOL-USD is delisted; it leaves the watchlist',
    );
    expect(h.instruments().map((i) => i.id)).toEqual(['ETH-USD']);
    client.socket.terminate();
    const second = await h.exchange.client(1);
    const sent = await h.until(() => second.received[0] && JSON.parse(second.received[0].text));
    expect(sent.product_ids).toEqual(['ETH-USD']);
    const read = h.results.length + 1;
    h.exchange.play(second, COINBASE_HEARTBEAT.replace('BTC-USD', 'ETH-USD'));
    await h.until(() => h!.results.length >= read);
    expect(h.instruments().map((i) => i.id)).toEqual(['ETH-USD']);
  });

  it('unsubscribes a delisted product and passes over what it still sends, no malformed frames', async () => {
    h = await harness('coinbase', ['ETH-USD', 'SOL-USD']);
    const client = await h.exchange.client();
    await h.until(() => client.received.length >= 2);
    h.exchange.play(client, status({ 'SOL-USD': { status: 'delisted' } }));
    await h.until(() => h!.health().lastError?.includes('SOL-USD') === true);
    const errors = h.errors().length;
    // Sent before Coinbase took the unsubscribe: the product's heartbeat and ticker.
    h.exchange.play(client, COINBASE_HEARTBEAT.replace('BTC-USD', 'SOL-USD'));
    h.exchange.play(client, COINBASE_TICKER.replace('ETH-USD', 'SOL-USD'));
    const read = h.results.length + 3;
    h.exchange.play(client, COINBASE_HEARTBEAT.replace('BTC-USD', 'ETH-USD'));
    await h.until(() => h!.results.length >= read);
    expect(h.errors().slice(errors)).toEqual([]);
    // Nor does the channel send it on: it is unsubscribed from all of the product's channels.
    const unsubscribe = await h.until(() =>
      client.received.map((r) => JSON.parse(r.text)).find((m) => m.type === 'unsubscribe'),
    );
    expect(unsubscribe).toEqual({
      type: 'unsubscribe',
      product_ids: ['SOL-USD'],
      channels: ['ticker', 'matches', 'heartbeat', 'level2_batch'],
    });
    expect(h.instruments().map((i) => i.id)).toEqual(['ETH-USD']);
  });

  it('fails the source once every product is delisted', async () => {
    h = await harness('coinbase', ['SOL-USD']);
    const client = await h.exchange.client();
    h.exchange.play(client, status({ 'SOL-USD': { status: 'delisted' } }));
    await h.until(() => h!.view.last()?.health.connection.state === 'failed');
    expect(h.view.last()!.health.connection).toEqual({
      state: 'failed',
      reason: 'coinbase delisted the last product left (SOL-USD): nothing to subscribe',
    });
  });

  it('counts a malformed status as malformed, naming the field, and keeps the product', async () => {
    h = await harness('coinbase', ['ETH-USD']);
    const client = await h.exchange.client();
    h.exchange.play(client, COINBASE_HEARTBEAT.replace('BTC-USD', 'ETH-USD')); // live
    h.exchange.play(client, status({ 'ETH-USD': { status: 'x'.repeat(10_000) } }));
    await h.until(() => h!.errors().length === 1);
    expect(h.errors()[0]).toMatch(/^status\.products\[0\]\.status: expected a status word/);
    expect(h.errors()[0]!.length).toBeLessThan(120);
    h.exchange.play(client, JSON.stringify({ type: 'status', products: 'none' }));
    await h.until(() => h!.errors().length === 2);
    expect(h.errors()[1]).toBe('status.products: expected an array');
    expect(h.health().notices).toBeUndefined();
    // The product is still read: the next good message names it.
    h.exchange.play(client, status({ 'ETH-USD': { post_only: true } }));
    await h.until(() => h!.health().notices?.[0]?.status === 'post_only');
  });
});
