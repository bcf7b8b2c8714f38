/**
 * Against the real public feeds: opt-in only (TICKDECK_LIVE_FEEDS=1), never part of `npm test`,
 * since CI machines cannot reach the exchanges and their data is not ours to depend on.
 *
 *   TICKDECK_LIVE_FEEDS=1 npx vitest run main/feed/adapters/live.test.ts
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExchangeConnection } from './exchange-connection';
import type { ExchangeConnectionOptions } from './exchange-connection';
import type { Translation } from './translator';

const LIVE = process.env.TICKDECK_LIVE_FEEDS === '1';
const LIVE_TIMEOUT_MS = 30_000;

let connection: ExchangeConnection | undefined;
afterEach(async () => {
  await connection?.stop();
  connection = undefined;
});

async function firstTicks(
  options: Omit<ExchangeConnectionOptions, 'onTranslation'>,
  wanted: number,
) {
  const translations: Translation[] = [];
  connection = new ExchangeConnection({ ...options, onTranslation: (t) => translations.push(t) });
  connection.start();
  const deadline = Date.now() + LIVE_TIMEOUT_MS - 2_000;
  while (translations.flatMap((t) => t.ticks).length < wanted && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  return { translations, stats: connection.stats };
}

describe.runIf(LIVE)('live public feeds (TICKDECK_LIVE_FEEDS=1)', () => {
  it(
    'Kraken BTC/USD: quotes and trades arrive and the book checksum holds',
    async () => {
      const { translations, stats } = await firstTicks(
        { exchange: 'kraken', symbols: ['BTC/USD'] },
        5,
      );
      expect(translations.flatMap((t) => t.ticks).length).toBeGreaterThanOrEqual(5);
      expect(stats.checksumMismatches).toBe(0);
      expect(stats.malformed).toBe(0);
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    'Binance btcusdt: bookTicker quotes arrive',
    async () => {
      const { translations, stats } = await firstTicks(
        { exchange: 'binance', symbols: ['btcusdt'] },
        5,
      );
      expect(translations.flatMap((t) => t.ticks).some((t) => t.kind === 'quote')).toBe(true);
      expect(stats.malformed).toBe(0);
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    'Coinbase BTC-USD: a snapshot, then ticks',
    async () => {
      const { translations, stats } = await firstTicks(
        { exchange: 'coinbase', symbols: ['BTC-USD'] },
        3,
      );
      expect(translations.some((t) => t.snapshots?.length)).toBe(true);
      expect(stats.malformed).toBe(0);
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    'Polymarket sports: the server pings and we answer',
    async () => {
      const { translations } = await firstTicks(
        { exchange: 'polymarket-sports', symbols: [] },
        1_000_000,
      );
      expect(translations.some((t) => t.reply?.includes('pong'))).toBe(true);
    },
    LIVE_TIMEOUT_MS,
  );
});
