/**
 * What a renderer would hold, rebuilt from batches, for engine tests: latest rows per
 * instrument (cleared on reset), the last health, and every batch seen. Acks each batch at once
 * unless told not to. And waits for a batch of a kind.
 */
import type { Batch, MatchRow } from '../protocol/batch';
import { compactMarketRows, type MarketRow } from '../protocol/market-rows';
import type { FeedEngine } from '../main/feed/engine-api';

export interface View {
  readonly batches: Batch[];
  readonly market: Map<string, MarketRow>;
  readonly sports: Map<string, MatchRow>;
  last(): Batch | undefined;
  ack(): void;
  detach(): void;
}

/** Every market row a batch carries: those in full, then the compact ones, as objects. */
export function rowsOf(batch: Batch): MarketRow[] {
  return batch.compact ? [...batch.market, ...compactMarketRows(batch.compact)] : [...batch.market];
}

export function watch(
  engine: Pick<FeedEngine, 'attach'>,
  options: { autoAck?: boolean } = {},
): View {
  const batches: Batch[] = [];
  const market = new Map<string, MarketRow>();
  const sports = new Map<string, MatchRow>();
  const consumer = engine.attach((batch) => {
    batches.push(batch);
    if (batch.reset) {
      market.clear();
      sports.clear();
    }
    for (const row of rowsOf(batch)) market.set(row.id, row);
    for (const row of batch.sports) sports.set(row.id, row);
    if (options.autoAck !== false) consumer.ack(batch.seq);
  });
  return {
    batches,
    market,
    sports,
    last: () => batches.at(-1),
    ack: () => batches.length && consumer.ack(batches.at(-1)!.seq),
    detach: () => consumer.detach(),
  };
}

/** Polls `condition` every few ms; throws after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Attaches a consumer to `source` (an engine or the app host) that acks every batch, and
 * resolves with the first batch `predicate` accepts; rejects after `timeoutMs`.
 */
export function waitForBatch(
  source: Pick<FeedEngine, 'attach'>,
  predicate: (b: Batch) => boolean,
  timeoutMs = 8_000,
): Promise<Batch> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      consumer.detach();
      reject(new Error('no matching batch'));
    }, timeoutMs);
    const consumer = source.attach((batch) => {
      consumer.ack(batch.seq);
      if (!predicate(batch)) return;
      clearTimeout(timer);
      consumer.detach();
      resolve(batch);
    });
  });
}
