/**
 * Against the real public feeds: opt-in only (TICKDECK_LIVE_FEEDS=1), never part of `npm test`,
 * since CI machines cannot reach the exchanges and their data is not ours to depend on. Each
 * feed runs the way the app runs it: the engine, its feed client and the exchange dialect.
 *
 *   TICKDECK_LIVE_FEEDS=1 npx vitest run main/feed/adapters/live.test.ts
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedTap } from '../../../test-support/exchange-feed';
import { tapFeed } from '../../../test-support/exchange-feed';

const LIVE = process.env.TICKDECK_LIVE_FEEDS === '1';
const LIVE_TIMEOUT_MS = 30_000;

let tap: FeedTap | undefined;
afterEach(async () => {
  await tap?.close();
  tap = undefined;
});

/** Connects to the real endpoint and waits for `wanted` ticks (or nearly the whole timeout). */
async function firstTicks(feed: string, wanted: number): Promise<FeedTap> {
  tap = await tapFeed(feed, null);
  const deadline = Date.now() + LIVE_TIMEOUT_MS - 2_000;
  while (tap.ticks().length < wanted && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  return tap;
}

describe.runIf(LIVE)('live public feeds (TICKDECK_LIVE_FEEDS=1)', () => {
  it(
    'Kraken BTC/USD: quotes and trades arrive and the book checksum holds',
    async () => {
      const t = await firstTicks('kraken:BTC/USD', 5);
      expect(t.ticks().length).toBeGreaterThanOrEqual(5);
      expect(t.errors().filter((e) => e.includes('checksum'))).toEqual([]);
      expect(t.health().malformed).toBe(0);
      expect(t.health().gaps).toBe(0);
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    'Binance btcusdt: bookTicker quotes arrive',
    async () => {
      const t = await firstTicks('binance:btcusdt', 5);
      expect(t.ticks().some((tick) => tick.kind === 'quote')).toBe(true);
      expect(t.health().malformed).toBe(0);
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    'Coinbase BTC-USD: a snapshot, then ticks',
    async () => {
      const t = await firstTicks('coinbase:BTC-USD', 3);
      expect(t.snapshots().length).toBeGreaterThan(0);
      expect(t.health().malformed).toBe(0);
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    'Polymarket sports: the server pings and we answer',
    async () => {
      const t = await firstTicks('polymarket-sports', 1_000_000);
      expect(t.results.some((r) => r.ok && r.reply?.includes('pong'))).toBe(true);
    },
    LIVE_TIMEOUT_MS,
  );
});
