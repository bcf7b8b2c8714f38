/** A streaming mock exchange in a child process (./streaming-exchange-process), for benches. */
import { startChildServer, type ChildSimulator } from './child-simulator';

/** Starts a mock Kraken or Coinbase sending about `messagesPerSecond`; resolves with its URL. */
export function startChildExchange(
  venue: 'kraken' | 'coinbase',
  messagesPerSecond: number,
): Promise<ChildSimulator> {
  return startChildServer('test-support/streaming-exchange-process.ts', [
    venue,
    String(messagesPerSecond),
  ]);
}
