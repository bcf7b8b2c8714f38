import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEngine } from '../engine-api';
import { createFeedEngine } from '../engine';
import { until, watch } from '../../../test-support/batch-view';
import { exchangeProtocol } from './exchange-protocol';
import { COINBASE_MATCH, COINBASE_TICKER } from '../../../test-support/coinbase-payloads';
import { KRAKEN_CHECKSUM_GUIDE } from '../../../test-support/kraken-book-payloads';
import {
  KRAKEN_HEARTBEAT,
  KRAKEN_TICKER_SNAPSHOT,
  KRAKEN_TICKER_UPDATE,
  KRAKEN_TRADE_UPDATE,
} from '../../../test-support/kraken-payloads';
import { POLYMARKET_NFL } from '../../../test-support/polymarket-payloads';
import { MockExchange } from '../../../test-support/mock-exchange';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setup(): Promise<{ exchange: MockExchange; engine: FeedEngine }> {
  const exchange = await MockExchange.start();
  closers.push(() => exchange.close());
  const engine = createFeedEngine({
    feed: null,
    feedEndpoint: exchange.url,
    batchHz: 60,
    exchanges: exchangeProtocol,
    backoff: { baseMs: 20, capMs: 100 },
  });
  closers.push(() => engine.close());
  return { exchange, engine };
}

const btc = (text: string) =>
  text.replaceAll('ALGO/USD', 'BTC/USD').replaceAll('MATIC/USD', 'BTC/USD');

describe('exchange feeds through the engine', () => {
  it("connect('kraken:BTC/USD') with feedEndpoint reaches the mock and fills the dashboard state", async () => {
    const { exchange, engine } = await setup();
    const view = watch(engine);
    await engine.connect('kraken:BTC/USD');
    const socket = await exchange.client();
    await exchange.until(() => socket.received.length >= 4);
    exchange.play(
      socket,
      KRAKEN_CHECKSUM_GUIDE,
      btc(KRAKEN_TICKER_SNAPSHOT),
      btc(KRAKEN_TICKER_UPDATE),
      btc(KRAKEN_TRADE_UPDATE),
      KRAKEN_HEARTBEAT,
    );
    await until(() => (view.market.get('BTC/USD')?.trades ?? 0) === 1);
    // The instrument list is re-announced as the price text reveals finer decimals.
    const batch = view.batches.findLast((b) => b.instruments?.length)!;
    expect(batch.instruments![0]).toMatchObject({ decimals: 5, tickSize: 0.00001 });
    expect(batch.instruments).toEqual([
      expect.objectContaining({
        id: 'BTC/USD',
        kind: 'market',
        name: 'BTC/USD · Kraken',
        currency: 'USD',
      }),
    ]);
    expect(view.market.get('BTC/USD')).toMatchObject({
      bid: 0.10025,
      ask: 0.10035,
      last: 0.5117,
      high: 0.5117,
    });
    // Charts get the quote mid as a series point and the trade as a bar.
    await until(() =>
      view.batches.some((b) =>
        b.series.some((s) => s.id === 'BTC/USD' && s.price.includes((0.10025 + 0.10035) / 2)),
      ),
    );
    await until(() =>
      view.batches.some((b) =>
        b.bars.some((bar) => bar.id === 'BTC/USD' && bar.c.includes(0.5117)),
      ),
    );
    const health = view.last()!.health;
    expect(health.source).toEqual({ kind: 'exchange', label: 'kraken:BTC/USD' });
    expect(health.connection.state).toBe('live');
    expect(health.malformed).toBe(0);
    expect(health.gaps).toBe(0);
  });

  it('counts a Coinbase trade gap and the resync that heals it in the health bar', async () => {
    const { exchange, engine } = await setup();
    const view = watch(engine);
    await engine.connect('coinbase:BTC-USD');
    const socket = await exchange.client();
    await exchange.until(() => socket.received.length === 2);
    const match = (tradeId: number, sequence: number, type = 'match') =>
      JSON.stringify({ ...JSON.parse(COINBASE_MATCH), type, trade_id: tradeId, sequence });
    const ticker = (sequence: number) =>
      JSON.stringify({ ...JSON.parse(COINBASE_TICKER), product_id: 'BTC-USD', sequence });
    exchange.play(socket, ticker(1), match(10, 2, 'last_match'), match(12, 3));
    await until(() => view.last()?.health.gaps === 1);
    // The engine asked for a resync: unsubscribe + subscribe; the new ticker is a snapshot.
    await exchange.until(() => socket.received.length === 4);
    exchange.play(socket, match(30, 40, 'last_match'), ticker(41));
    await until(() => view.last()?.health.resyncs === 1);
    expect(view.market.get('BTC-USD')).toMatchObject({ bid: 1285.04, ask: 1285.27, open: 1310.79 });
    expect(view.last()!.health.lastError).toContain(
      'BTC-USD match of trade 12, last trade seen 10',
    );
  });

  it('shows Polymarket games as sports rows and answers the ping', async () => {
    const { exchange, engine } = await setup();
    const view = watch(engine);
    await engine.connect('polymarket-sports');
    const socket = await exchange.client();
    exchange.play(socket, 'ping', POLYMARKET_NFL);
    await exchange.until(() => socket.received.some((r) => r.text === 'pong'));
    await until(() => view.sports.has('pm-19439'));
    expect(view.sports.get('pm-19439')).toMatchObject({
      status: 'live',
      home: 3,
      away: 16,
      clockMs: 318_000,
    });
  });
});
