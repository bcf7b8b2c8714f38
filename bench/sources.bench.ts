/**
 * Several sources at once (issue 17): the engine's CPU holding the three sources, a
 * simulator at 100 000 ticks/s and mock Kraken and Coinbase feeds at 5 000 messages/s each,
 * against the sum of the same three run alone, in the same run. Each source is a process of its
 * own, so only the engine's CPU is counted; one consumer acks every batch, as a page does. CPU
 * of this process over a window after a warm-up, whole and per tick folded (on a busy machine
 * the sources deliver fewer ticks together than alone, which would flatter the whole figure).
 *
 *   node --import tsx bench/run.ts sources
 *   BENCH_SOURCES_SIM_RATE=20000 BENCH_SOURCES_EXCHANGE_RATE=1000 ... (smaller, for a busy box)
 */
import { exchangeProtocol } from '../main/feed/adapters/exchange-protocol';
import { createFeedEngine } from '../main/feed/engine';
import type { FeedEngine } from '../main/feed/engine-api';
import type { FeedChoice } from '../protocol/settings';
import { startChildExchange } from '../test-support/child-exchange';
import { startChildSimulator, type ChildSimulator } from '../test-support/child-simulator';
import { readSetting, type BenchResult } from './report';

const SIM_RATE = readSetting('BENCH_SOURCES_SIM_RATE', 100_000, 2_000_000);
const EXCHANGE_RATE = readSetting('BENCH_SOURCES_EXCHANGE_RATE', 5_000, 1_000_000);
const WARM_UP_MS = 1_500;
const WINDOW_MS = 4_000;
const ROUNDS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Measured {
  readonly cpuMs: number;
  readonly ticks: number;
}

/** CPU ms this process spends over the window while `engine` folds `feeds`, and its ticks. */
async function engineCpu(feeds: readonly FeedChoice[]): Promise<Measured> {
  const engine: FeedEngine = createFeedEngine({
    feed: feeds[0]!.feed,
    feedEndpoint: feeds[0]!.endpoint,
    ...(feeds.length > 1 && { feeds }),
    batchHz: 30,
    exchanges: exchangeProtocol,
  });
  const consumer = engine.attach((batch) => consumer.ack(batch.seq));
  await engine.start();
  await sleep(WARM_UP_MS);
  const ticksBefore = engine.health().ticksTotal;
  const before = process.cpuUsage();
  await sleep(WINDOW_MS);
  const used = process.cpuUsage(before);
  const ticks = engine.health().ticksTotal - ticksBefore;
  consumer.detach();
  await engine.close();
  if (ticks === 0) throw new Error(`no ticks from ${feeds.map((f) => f.feed).join(', ')}`);
  return { cpuMs: (used.user + used.system) / 1_000, ticks };
}

export async function run(): Promise<BenchResult[]> {
  if (!(SIM_RATE > 0 && SIM_RATE <= 1_000_000 && EXCHANGE_RATE > 0 && EXCHANGE_RATE <= 100_000))
    throw new Error('BENCH_SOURCES_SIM_RATE: 1–1,000,000; BENCH_SOURCES_EXCHANGE_RATE: 1–100,000');
  const children: ChildSimulator[] = [];
  try {
    const sim = await startChildSimulator(['--rate', String(SIM_RATE), '--seed', '1']);
    children.push(sim);
    const kraken = await startChildExchange('kraken', EXCHANGE_RATE);
    children.push(kraken);
    const coinbase = await startChildExchange('coinbase', EXCHANGE_RATE);
    children.push(coinbase);
    const feeds: FeedChoice[] = [
      { feed: sim.url, endpoint: null },
      { feed: 'kraken:BTC/USD', endpoint: kraken.url },
      { feed: 'coinbase:BTC-USD', endpoint: coinbase.url },
    ];
    const results: BenchResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const alone: Measured[] = [];
      for (const feed of feeds) alone.push(await engineCpu([feed]));
      const together = await engineCpu(feeds);
      const aloneMs = alone.reduce((sum, m) => sum + m.cpuMs, 0);
      const aloneTicks = alone.reduce((sum, m) => sum + m.ticks, 0);
      const perTick = (together.cpuMs * 1_000) / together.ticks;
      const perTickAlone = (aloneMs * 1_000) / aloneTicks;
      const each = alone.map((m) => `${Math.round(m.cpuMs)} ms/${m.ticks}`).join(', ');
      const rates = `sim ${SIM_RATE} ticks/s, Kraken and Coinbase ${EXCHANGE_RATE} messages/s`;
      results.push(
        {
          name: `engine CPU, three sources at once vs the three alone summed (round ${round})`,
          value: Math.round(together.cpuMs),
          unit: `ms CPU per ${WINDOW_MS / 1_000} s`,
          baseline: Math.round(aloneMs),
          ratio: Number((together.cpuMs / aloneMs).toFixed(2)),
          note: `${rates}; ticks together ${together.ticks}, alone ${aloneTicks} (${each})`,
        },
        {
          name: `engine CPU per tick, three sources at once vs the three alone (round ${round})`,
          value: Number(perTick.toFixed(2)),
          unit: 'µs CPU per tick',
          baseline: Number(perTickAlone.toFixed(2)),
          ratio: Number((perTick / perTickAlone).toFixed(2)),
          note: rates,
        },
      );
    }
    return results;
  } finally {
    await Promise.all(children.map((c) => c.close()));
  }
}
