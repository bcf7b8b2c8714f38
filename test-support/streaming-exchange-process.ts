/**
 * One streaming mock exchange (./streaming-exchanges) in a process of its own, so a bench can
 * count the engine's CPU without the mock's:
 * `node --import tsx test-support/streaming-exchange-process.ts <kraken|coinbase> <messages/s>`.
 * Prints its ws:// endpoint, then streams BTC/USD (Kraken) or BTC-USD (Coinbase) until killed.
 */
import { startStreamingCoinbase, startStreamingKraken } from './streaming-exchanges';

/** Highest rate a mock is asked for: far above what one process sends. */
const MAX_MESSAGES_PER_SECOND = 1_000_000;

const [venue, rateArg] = process.argv.slice(2);
const rate = Number(rateArg);
if (!Number.isInteger(rate) || rate < 1 || rate > MAX_MESSAGES_PER_SECOND)
  throw new Error(`messages/s: expected a whole number from 1 to ${MAX_MESSAGES_PER_SECOND}`);
const start =
  venue === 'kraken'
    ? () => startStreamingKraken('BTC/USD', 45_000, 0, rate)
    : venue === 'coinbase'
      ? () => startStreamingCoinbase('BTC-USD', 45_001, 0, rate)
      : null;
if (!start) throw new Error(`venue: expected kraken or coinbase, got ${String(venue)}`);
const exchange = await start();
console.log(exchange.endpoint);
