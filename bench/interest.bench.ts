/**
 * Per-consumer interest (protocol/interest.ts): what it saves where it acts, in the engine's
 * fold and batch building, with the engine's own classes in this process (no decode, no
 * socket, no page; bench/scale.bench.ts measures the whole path). Ticks at a fixed rate are
 * folded over simulated time and batches built every 1/30 s of it; each consumer serialises
 * its batch (the browser mode's cost and its bytes) and acks at once. Costs are CPU time, so
 * a loaded machine slows the run but moves the figures less; "held at 30 Hz" is read as the
 * CPU one second of feed takes, which must stay well under a second.
 *
 * - bytes: two consumers in the same run on 5,000 instruments at 50k ticks/s, one that declared
 *   nothing (today's behaviour) and one showing 40 rows and a chart; bytes/s and batches/s each.
 * - cost per tick (fold + build + serialise, CPU ms per 100k ticks) with an interest, at 5,000
 *   and 10 instruments in the same run; and, at 20 instruments, with and without one.
 *   The 20-instrument figure is the median of alternating pairs (with, without, with, ...),
 *   `BENCH_INTEREST_PAIRS` of them (default 3), with the pairs' range.
 * - the same 5,000 vs 10 cost in steady state: every ring full before the window (./full-history.ts),
 *   where the first figure starts from empty rings that grow through the window at 5,000.
 *
 *   node --import tsx bench/run.ts interest
 */
import { pathToFileURL } from 'node:url';
import type { Batch } from '../protocol/batch';
import type { Interest } from '../protocol/interest';
import { Batcher } from '../main/feed/batcher';
import { FeedState } from '../main/feed/feed-state';
import { HEALTH, market } from '../test-support/engine-fixtures';
import { fillHistory } from './full-history';
import { printResults, readSetting, type BenchResult } from './report';
import { seededTicks } from './seeded-ticks';
import { median } from './numbers';

const RATE_TICKS_PER_SEC = 50_000;
const BATCH_HZ = 30;
/** Feed time each measurement folds, ms (simulated: see {@link measure}). */
const SIMULATED_MS = readSetting('BENCH_INTEREST_MS', 10_000, 600_000);
/** A screen of watchlist rows with overscan, and one chart. */
const ROWS_IN_VIEW = 40;
const PER = 100_000;
/**
 * Pairs (with an interest, then without) the 20-instrument figure alternates: one measurement
 * a side read 0.93–1.87× on the same code, so "unchanged within noise" is read from pairs.
 */
const TWENTY_PAIRS = readSetting('BENCH_INTEREST_PAIRS', 3, 20);

interface ConsumerFigures {
  bytes: number;
  batches: number;
}

interface Run {
  readonly seconds: number;
  readonly ticks: number;
  /** CPU time of fold + build + serialise, ms. */
  readonly workMs: number;
  readonly consumers: readonly ConsumerFigures[];
}

/**
 * Folds `RATE_TICKS_PER_SEC` into `count` instruments for `SIMULATED_MS`, batching at 30 Hz;
 * `fullRings` starts with every ring full (steady state) instead of empty.
 */
function measure(count: number, interests: readonly (Interest | null)[], fullRings = false): Run {
  const ids = Array.from({ length: count }, (_, i) => `I${i}`);
  const state = new FeedState();
  state.setInstruments(ids.map(market));
  const batcher = new Batcher(state, () => {});
  const figures = interests.map(() => ({ bytes: 0, batches: 0 }));
  interests.forEach((interest, k) => {
    const consumer = batcher.attach((batch: Batch) => {
      figures[k]!.bytes += JSON.stringify({ type: 'batch', batch }).length;
      figures[k]!.batches++;
      consumer.ack(batch.seq);
    });
    if (interest) consumer.declareInterest(interest);
  });
  const makeTicks = seededTicks(ids, count);

  // Simulated time: the machine is shared, so wall-clock pacing would measure the neighbours.
  // CPU time (process.cpuUsage) is what the engine itself spent.
  let ticks = 0;
  let workUs = 0;
  let now = Date.now();
  if (fullRings) fillHistory(state, now);
  const batchMs = 1_000 / BATCH_HZ;
  const ticksPerBatch = Math.round(RATE_TICKS_PER_SEC / BATCH_HZ);
  // Warm-up: the first batches are resets carrying every row.
  batcher.flush(now, () => HEALTH, 0);
  const batches = Math.round((SIMULATED_MS / 1_000) * BATCH_HZ);
  for (let b = 0; b < batches; b++) {
    now += batchMs;
    const batchTicks = makeTicks(ticksPerBatch, Math.round(now));
    const cpu = process.cpuUsage();
    ticks += state.applyTicks(batchTicks, () => {});
    batcher.flush(Math.round(now), () => HEALTH, 0);
    const spent = process.cpuUsage(cpu);
    workUs += spent.user + spent.system;
  }
  return { seconds: SIMULATED_MS / 1_000, ticks, workMs: workUs / 1_000, consumers: figures };
}

function interestFor(count: number): Interest {
  const rows = Array.from({ length: Math.min(ROWS_IN_VIEW, count) }, (_, i) => `I${i + 1}`);
  return { rows, charted: ['I0'], selected: 'I0' };
}

const msPer100k = (r: Run) => (r.workMs / r.ticks) * PER;

/** The 20-instrument cost with and without an interest, measured in alternating pairs. */
function twentyPairs(): { with: number[]; without: number[]; ratios: number[] } {
  const out = { with: [] as number[], without: [] as number[], ratios: [] as number[] };
  for (let i = 0; i < TWENTY_PAIRS; i++) {
    const withInterest = msPer100k(measure(20, [interestFor(20)]));
    const without = msPer100k(measure(20, [null]));
    out.with.push(withInterest);
    out.without.push(without);
    out.ratios.push(withInterest / without);
  }
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const wide = measure(5_000, [null, interestFor(5_000)]);
  const [all, shown] = wide.consumers as [ConsumerFigures, ConsumerFigures];
  const big = measure(5_000, [interestFor(5_000)]);
  const small = measure(10, [interestFor(10)]);
  const twenty = twentyPairs();
  const bigWithout = measure(5_000, [null]);
  const smallWithout = measure(10, [null]);
  const bigSteady = measure(5_000, [interestFor(5_000)], true);
  const smallSteady = measure(10, [interestFor(10)], true);
  const perSec = (n: number) => n / wide.seconds;
  return [
    {
      name: 'batch bytes/s, 5k instruments at 50k ticks/s: with interest vs none (same run)',
      value: perSec(shown.bytes),
      baseline: perSec(all.bytes),
      ratio: shown.bytes / all.bytes,
      unit: 'B/s',
      note: `mean batch ${Math.round(shown.bytes / shown.batches)} B vs ${Math.round(all.bytes / all.batches)} B`,
    },
    {
      name: 'engine CPU per second of feed at 30 batches/s, 5k instruments: with interest vs none',
      value: big.workMs / big.seconds,
      baseline: bigWithout.workMs / bigWithout.seconds,
      ratio: big.workMs / big.seconds / (bigWithout.workMs / bigWithout.seconds),
      unit: 'ms/s',
      note: `${Math.round(perSec(shown.batches))} batches/s built per consumer`,
    },
    {
      name: 'fold+build+serialise per 100k ticks, with interest: 5k vs 10 instruments',
      value: msPer100k(big),
      baseline: msPer100k(small),
      ratio: msPer100k(big) / msPer100k(small),
      unit: 'ms',
      note: 'rings empty at the start, growing',
    },
    {
      name: 'the same in steady state: every ring full before the window',
      value: msPer100k(bigSteady),
      baseline: msPer100k(smallSteady),
      ratio: msPer100k(bigSteady) / msPer100k(smallSteady),
      unit: 'ms',
      note: 'rings full at the start (bench/full-history.ts)',
    },
    {
      name: 'fold+build+serialise per 100k ticks, no interest: 5k vs 10 instruments',
      value: msPer100k(bigWithout),
      baseline: msPer100k(smallWithout),
      ratio: msPer100k(bigWithout) / msPer100k(smallWithout),
      unit: 'ms',
    },
    {
      name: 'fold+build+serialise per 100k ticks, 20 instruments: with interest vs none',
      value: median(twenty.with),
      baseline: median(twenty.without),
      ratio: median(twenty.ratios),
      unit: 'ms',
      note: `median of ${TWENTY_PAIRS} alternating pairs (with, without); pairs ${twenty.ratios.map((r) => r.toFixed(2)).join(', ')}×, range ${Math.min(...twenty.ratios).toFixed(2)}–${Math.max(...twenty.ratios).toFixed(2)}×`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printResults('interest', await run());
}
