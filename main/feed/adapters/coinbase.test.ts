import { afterEach, describe, expect, it } from 'vitest';
import type { QuoteTick, TradeTick } from '../../../protocol/feed';
import { COINBASE_ENDPOINT, createCoinbaseTranslator } from './coinbase';
import { checkCoinbaseProducts } from './symbols';
import {
  COINBASE_ERROR,
  COINBASE_HEARTBEAT,
  COINBASE_L2_SNAPSHOT,
  COINBASE_L2_UPDATE,
  COINBASE_MATCH,
  COINBASE_SUBSCRIPTIONS,
  COINBASE_TICKER,
} from '../../../test-support/coinbase-payloads';
import { coinbaseL2Update, coinbaseTicker } from '../../../test-support/coinbase-frames';
import type { Harness } from '../../../test-support/exchange-feed';
import type { MockClient } from '../../../test-support/mock-exchange';
import { harness } from '../../../test-support/exchange-feed';
import { createAdapterContext } from './translator';
import { SILENT_SYMBOL_MS } from './silent-symbols';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The documented match with other ids (and, for `last_match`, its inferred type). */
function match(tradeId: number, sequence: number, type = 'match'): string {
  const m = JSON.parse(COINBASE_MATCH);
  return JSON.stringify({ ...m, type, trade_id: tradeId, sequence });
}

describe('Coinbase ws-feed adapter over a socket, through the engine', () => {
  it('subscribes to ticker, matches and heartbeat for the products, then to status, within 5 s of opening', async () => {
    h = await harness('coinbase', ['ETH-USD', 'eth-eur']);
    const client = await h.exchange.client();
    const first = await h.until(() => client.received[0]);
    expect(JSON.parse(first.text)).toEqual({
      type: 'subscribe',
      product_ids: ['ETH-USD', 'ETH-EUR'],
      channels: ['ticker', 'matches', 'heartbeat', 'level2_batch'],
    });
    expect(first.at - client.connectedAt).toBeLessThan(5_000);
    // The status channel as its docs subscribe it: no products, in a message of its own.
    const status = await h.until(() => client.received[1]);
    expect(JSON.parse(status.text)).toEqual({ type: 'subscribe', channels: [{ name: 'status' }] });
    // The documented reply covers both products: nothing to report.
    h.exchange.play(
      client,
      COINBASE_SUBSCRIPTIONS,
      COINBASE_HEARTBEAT.replace('BTC-USD', 'ETH-USD'),
    );
    await h.until(() => h!.results.length === 2);
    expect(h.errors()).toEqual([]);
    expect(h.results[1]).toMatchObject({ ok: true, messages: [{ op: 'heartbeat' }] });
  });

  it('makes the first ticker a snapshot and later ones quote ticks with exchange time', async () => {
    h = await harness('coinbase', ['ETH-USD']);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      COINBASE_TICKER,
      coinbaseTicker(37475248790, { best_bid: '1285.10', time: '2022-10-19T23:28:23.000000Z' }),
      // Older than the last ticker read: arrived out of order, ignored as the docs allow.
      coinbaseTicker(37475248785, { best_bid: '1.00' }),
    );
    await h.until(() => h!.results.length === 3);
    const snapshot = h.snapshots()[0]!;
    expect(snapshot.instrument).toBe('ETH-USD');
    expect(snapshot.state).toMatchObject({
      bid: 1285.04,
      ask: 1285.27,
      open: 1310.79,
      high: 1313.8,
      low: 1280.52,
      last: 1285.22,
      volume: 245532.79269678,
      ts: Date.parse('2022-10-19T23:28:22.061769Z'),
    });
    expect(h.ticks()).toEqual<QuoteTick[]>([
      {
        kind: 'quote',
        instrument: 'ETH-USD',
        seq: 1,
        ts: Date.parse('2022-10-19T23:28:23.000Z'),
        bid: 1285.1,
        ask: 1285.27,
        bidSize: 0.46688654,
        askSize: 1.5663704,
      },
    ]);
    // "1285.10" keeps its two decimals for display.
    expect(h.instruments()[0]).toMatchObject({ decimals: 2 });
    // The dashboard shows the newer quote over the snapshot's 24 h figures.
    await h.until(() => h!.view.market.get('ETH-USD')?.bid === 1285.1);
    expect(h.view.market.get('ETH-USD')).toMatchObject({ open: 1310.79, high: 1313.8 });
  });

  it('maps matches to trades with the taker side and resubscribes after a trade_id gap', async () => {
    h = await harness('coinbase', ['BTC-USD']);
    const client = await h.exchange.client();
    await h.until(() => client.received.length === 2);
    h.exchange.play(client, match(10, 50, 'last_match'), match(11, 60), match(14, 70));
    await h.until(() => h!.ticks().length === 3);
    const trades = h.ticks() as TradeTick[];
    // The documented maker side is "sell": the taker bought.
    expect(trades.map((t) => [t.seq, t.price, t.size, t.side, t.ts])).toEqual([
      [1, 400.23, 5.23512, 'buy', Date.parse('2014-11-07T08:19:27.028459Z')],
      [2, 400.23, 5.23512, 'buy', Date.parse('2014-11-07T08:19:27.028459Z')],
      // Trades 12 and 13 were dropped: the seq skips so the engine counts the gap.
      [4, 400.23, 5.23512, 'buy', Date.parse('2014-11-07T08:19:27.028459Z')],
    ]);
    await h.until(() => h!.health().gaps === 1);
    const resub = await h.until(
      () => client.received.length >= 4 && client.received.slice(2).map((r) => JSON.parse(r.text)),
    );
    expect(resub).toEqual([
      {
        type: 'unsubscribe',
        product_ids: ['BTC-USD'],
        channels: ['ticker', 'matches', 'level2_batch'],
      },
      {
        type: 'subscribe',
        product_ids: ['BTC-USD'],
        channels: ['ticker', 'matches', 'level2_batch'],
      },
    ]);
    // The fresh subscription's last_match is the new baseline and its ticker a snapshot.
    h.exchange.play(
      client,
      match(20, 100, 'last_match'),
      coinbaseTicker(101, { product_id: 'BTC-USD' }),
      match(21, 102),
    );
    await h.until(() => h!.ticks().length === 5);
    expect(h.snapshots().map((s) => [s.instrument, s.seq])).toEqual([['BTC-USD', 5]]);
    await h.until(() => h!.health().resyncs === 1);
    expect(h.health().gaps).toBe(1);
    // One resubscription for one gap.
    expect(client.received).toHaveLength(4);
  });

  it('after a trade gap shows no book until the resubscribed level2 snapshot restores it', async () => {
    h = await harness('coinbase', ['BTC-USD']);
    const depth = h.watchDepth('BTC-USD');
    const client = await h.exchange.client();
    await h.until(() => client.received.length === 2);
    h.exchange.play(client, coinbaseTicker(1, { product_id: 'BTC-USD' }), COINBASE_L2_SNAPSHOT);
    await h.until(() => depth()?.book?.bids.length === 1);
    h.exchange.play(client, match(10, 50, 'last_match'), match(13, 60));
    await h.until(() => depth()?.resyncing === true);
    expect(depth()!.book).toEqual({ bids: [], asks: [] });
    const resub = await h.until(
      () => client.received.length >= 4 && JSON.parse(client.received[3]!.text),
    );
    expect(resub.channels).toContain('level2_batch');
    // Updates of the old subscription, before the new snapshot, change nothing.
    h.exchange.play(
      client,
      coinbaseL2Update([['buy', '10000.00', '1']]),
      coinbaseTicker(70, { product_id: 'BTC-USD' }),
      coinbaseL2Update([['buy', '10000.50', '1']]),
      COINBASE_L2_SNAPSHOT.replace('10101.10', '10100.00'),
      COINBASE_L2_UPDATE,
    );
    await h.until(() => depth()?.book?.bids.length === 2);
    expect(depth()).toMatchObject({
      resyncing: false,
      book: {
        bids: [
          [10101.8, 0.162567],
          [10100, 0.4505414],
        ],
        asks: [[10102.55, 0.57753524]],
      },
    });
    expect(h.health().gaps).toBe(1);
  });

  it("detects dropped matches from the heartbeat's last_trade_id, allowing one heartbeat in flight", async () => {
    h = await harness('coinbase', ['BTC-USD']);
    const client = await h.exchange.client();
    await h.until(() => client.received.length === 2);
    const heartbeat = (sequence: number, lastTradeId: number) =>
      JSON.stringify({ ...JSON.parse(COINBASE_HEARTBEAT), sequence, last_trade_id: lastTradeId });
    // Trade 19 is named by one heartbeat and arrives before the next: no gap.
    h.exchange.play(
      client,
      match(18, 80, 'last_match'),
      heartbeat(81, 19),
      match(19, 82),
      heartbeat(83, 19),
    );
    await h.until(() => h!.results.length === 4);
    expect(h.health().gaps).toBe(0);
    // The documented heartbeat names trade 20, which never comes before the next heartbeat.
    h.exchange.play(client, COINBASE_HEARTBEAT, heartbeat(91, 20));
    // Counted and resubscribed at once, though no trade arrives to show the seq jump.
    await h.until(() => h!.health().gaps === 1);
    await h.until(() => client.received.length === 4);
    expect(h.health().lastError).toContain('BTC-USD heartbeat named trade 20, last trade seen 19');
  });

  it('surfaces error messages and an unknown product with the exchange reason', async () => {
    h = await harness('coinbase', ['BTC-USD', 'FOO-USD']);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      COINBASE_ERROR,
      JSON.stringify({
        type: 'error',
        message: 'Failed to subscribe',
        reason: 'FOO-USD is not a valid product',
      }),
    );
    await h.until(() => h!.errors().length === 2);
    expect(h.errors()).toEqual([
      'coinbase: error message',
      'coinbase: Failed to subscribe: FOO-USD is not a valid product',
    ]);
    expect(h.statuses(h.results[1]!)[0]).toMatchObject({ error: { code: 'UNKNOWN_INSTRUMENT' } });
    const hello = h.results[1]!.ok && h.results[1]!.messages.find((m) => m.op === 'hello');
    expect(hello && hello.op === 'hello' && hello.instruments.map((i) => i.id)).toEqual([
      'BTC-USD',
    ]);
    // Coinbase refuses the whole subscribe: the valid product is subscribed again on its own.
    const again = await h.until(() => client.received[2]);
    expect(JSON.parse(again.text)).toEqual({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['ticker', 'matches', 'heartbeat', 'level2_batch'],
    });
  });

  /** Coinbase's answer to a subscribe naming a product it does not list. */
  function refuseProduct(client: MockClient, id: string) {
    h!.exchange.play(
      client,
      JSON.stringify({
        type: 'error',
        message: 'Failed to subscribe',
        reason: `${id} is not a valid product`,
      }),
    );
  }

  it('drops the refused product, not the one its name contains, and never subscribes it again', async () => {
    h = await harness('coinbase', ['BTC-USD', 'BTC-USDX']);
    const client = await h.exchange.client();
    await h.until(() => client.received[0]);
    refuseProduct(client, 'BTC-USDX');
    // BTC-USD is a prefix of BTC-USDX: it is the one subscribed again, alone.
    const again = await h.until(() => client.received[2]);
    expect(JSON.parse(again.text).product_ids).toEqual(['BTC-USD']);
    expect(h.instruments().map((i) => i.id)).toEqual(['BTC-USD']);
    // A new connection's subscribe leaves it out, so Coinbase does not refuse it whole again.
    client.socket.terminate();
    const second = await h.exchange.client(1);
    const first = await h.until(() => second.received[0]);
    expect(JSON.parse(first.text).product_ids).toEqual(['BTC-USD']);
    h.exchange.play(second, COINBASE_SUBSCRIPTIONS);
    await h.until(() => h!.results.length >= 2);
    expect(h.instruments().map((i) => i.id)).toEqual(['BTC-USD']);
  });

  it('fails the source, without reconnecting, once Coinbase has refused every product', async () => {
    h = await harness('coinbase', ['BTC-USDX']);
    const client = await h.exchange.client();
    await h.until(() => client.received[0]);
    refuseProduct(client, 'BTC-USDX');
    await h.until(() => h!.view.last()?.health.connection.state === 'failed');
    expect(h.view.last()!.health.connection).toEqual({
      state: 'failed',
      reason: 'coinbase refused every product (BTC-USDX): nothing to subscribe',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.exchange.clients).toHaveLength(1);
    expect(client.received).toHaveLength(2);
  });

  it('subscribes a product typed twice once', async () => {
    h = await harness('coinbase', ['BTC-USD', 'btc-usd']);
    const client = await h.exchange.client();
    const first = await h.until(() => client.received[0]);
    expect(JSON.parse(first.text).product_ids).toEqual(['BTC-USD']);
  });

  it('counts malformed messages and changed field types, naming the field, and ignores unknown types', async () => {
    h = await harness('coinbase', ['ETH-USD']);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      '{"type":',
      coinbaseTicker(1, { price: 1285.22 }),
      coinbaseTicker(2, { sequence: '3' }),
      coinbaseTicker(3, { product_id: 'DOGE-USD' }),
      JSON.stringify({ type: 'status', products: [] }),
      coinbaseTicker(4),
    );
    await h.until(() => h!.results.length === 6);
    expect(h.errors()).toEqual([
      'frame: expected JSON, got the string "{\\"type\\":"',
      'ticker.price: expected a decimal string, got the number 1285.22',
      'ticker.sequence: expected a whole number, got the string "3"',
      'ticker.product_id: expected one of ETH-USD, got the string "DOGE-USD"',
    ]);
    expect(h.snapshots()).toHaveLength(1);
    expect(h.results[5]!.ok && h.results[5]!.messages.some((m) => m.op === 'snapshot')).toBe(true);
    await h.until(() => h!.health().malformed === 4);
  });
});

describe('Coinbase translator', () => {
  it('names a product with heartbeats but no data for 30 s, once, and keeps it listed', () => {
    const ctx = createAdapterContext();
    const t = createCoinbaseTranslator(['BTC-USD', 'ETH-USD'], ctx);
    // Received a second after the documented ticker (ETH-USD); BTC-USD has heartbeats only.
    const at = (ms: number) => Date.parse('2022-10-19T23:28:23Z') + ms;
    expect(t.onMessage(COINBASE_TICKER, at(0)).errors).toBeUndefined();
    expect(t.onMessage(COINBASE_HEARTBEAT, at(SILENT_SYMBOL_MS - 1)).errors).toBeUndefined();
    expect(t.onMessage(COINBASE_HEARTBEAT, at(SILENT_SYMBOL_MS)).errors).toEqual([
      { kind: 'exchange', message: 'coinbase: no data for BTC-USD in 30 s', instrument: 'BTC-USD' },
    ]);
    expect(t.onMessage(COINBASE_HEARTBEAT, at(2 * SILENT_SYMBOL_MS)).errors).toBeUndefined();
    expect(ctx.instruments.list().map((i) => i.id)).toEqual(['BTC-USD', 'ETH-USD']);
  });

  it('validates product ids and uses the default endpoint unless overridden', () => {
    expect(checkCoinbaseProducts(['BTC-USD', 'eth-eur'])).toBeNull();
    expect(checkCoinbaseProducts(['BTCUSD'])).toContain('not a Coinbase product id');
    const t = createCoinbaseTranslator(['BTC-USD'], createAdapterContext());
    expect(t.url(null)).toBe(COINBASE_ENDPOINT);
    expect(t.rules.subscribeWithinMs).toBe(5_000);
  });
});
