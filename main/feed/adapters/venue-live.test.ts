/**
 * When an exchange source reads live: at the venue's first word of its state now, its
 * subscription's snapshot included, not at its next heartbeat (Kraken's, Coinbase's: a second
 * later) or ping (Polymarket's: up to 5 s). The venues here never send a heartbeat, so a source
 * that waited for one would never go live.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedEngine } from '../engine';
import { until, watch } from '../../../test-support/batch-view';
import { exchangeProtocol } from './exchange-protocol';
import { COINBASE_TICKER } from '../../../test-support/coinbase-payloads';
import { KRAKEN_TICKER_ACK, KRAKEN_TICKER_SNAPSHOT } from '../../../test-support/kraken-payloads';
import { POLYMARKET_NFL } from '../../../test-support/polymarket-payloads';
import { MockExchange } from '../../../test-support/mock-exchange';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Connects `feed` to a mock venue, plays `frames` once it is connected: ms until live. */
async function msUntilLive(feed: string, frames: readonly string[]) {
  const exchange = await MockExchange.start();
  closers.push(() => exchange.close());
  const engine = createFeedEngine({
    feed: null,
    feedEndpoint: exchange.url,
    batchHz: 60,
    exchanges: exchangeProtocol,
  });
  closers.push(() => engine.close());
  const view = watch(engine);
  await engine.connect(feed);
  const socket = await exchange.client();
  // Connected and quiet: an open socket is no word from the venue (bug 126).
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(view.last()?.health.connection.state).toBe('connecting');
  const playedAt = Date.now();
  exchange.play(socket, ...frames);
  await until(() => view.last()?.health.connection.state === 'live', 2_000);
  return { ms: Date.now() - playedAt, health: view.last()!.health };
}

const btc = (text: string) => text.replaceAll('ALGO/USD', 'BTC/USD');

describe("an exchange source is live at the venue's snapshot", () => {
  it('Kraken: at the ticker snapshot its subscription brings', async () => {
    const { ms, health } = await msUntilLive('kraken:BTC/USD', [
      btc(KRAKEN_TICKER_ACK),
      btc(KRAKEN_TICKER_SNAPSHOT),
    ]);
    expect(ms).toBeLessThan(500);
    // The snapshot is an update: the last update is its arrival, not "—".
    expect(health.lastDataAt).not.toBeNull();
  });

  it('Coinbase: at the first ticker, which is the product snapshot', async () => {
    const ticker = JSON.stringify({ ...JSON.parse(COINBASE_TICKER), product_id: 'BTC-USD' });
    const { ms, health } = await msUntilLive('coinbase:BTC-USD', [ticker]);
    expect(ms).toBeLessThan(500);
    expect(health.lastDataAt).not.toBeNull();
  });

  it("Polymarket: at a game's state, even one of a league not asked for", async () => {
    // polymarket-sports:nba hears of an NFL game: no row, but the venue's word all the same.
    const { ms } = await msUntilLive('polymarket-sports:nba', [POLYMARKET_NFL]);
    expect(ms).toBeLessThan(500);
  });
});
