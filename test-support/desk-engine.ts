/**
 * A desk's feed engine for tests of sources that come and go (NATS, relays): batches at 10 Hz
 * and reconnects within 20-300 ms, so a test sees a source come back in well under a second;
 * closed with the test's other resources (`closers`, run after each test).
 */
import { createFeedEngine } from '../main/feed/engine';
import type { FeedEngine } from '../main/feed/engine-api';

export function testDeskEngine(
  feed: string,
  closers: { push(close: () => Promise<void>): unknown },
): FeedEngine {
  const engine = createFeedEngine({ feed, batchHz: 10, backoff: { baseMs: 20, capMs: 300 } });
  closers.push(() => engine.close());
  return engine;
}
