/**
 * The engine's thread (issue 15, section 2): the main thread's event-loop lag, and the age of
 * the newest tick when its batch reaches a consumer on the main thread, at 200k ticks/s from the
 * seeded simulator (its own process), with the engine on the main thread (`createFeedEngine`)
 * and in a worker (`createWorkerFeedEngine`), each without and with a CPU hog: a busy loop per
 * core at the lowest priority (bench/cpu-hog.ts).
 * All four in this one run, alternating, so every ratio is same-run.
 *
 * Lag: `monitorEventLoopDelay` at 1 ms resolution, minus the resolution (main/feed/metrics.ts,
 * `loopLagMs`), p99 over the window. Tick to consumer: `Date.now()` when the batch reaches the
 * consumer's callback minus its `newestTickTs`, the same clock and start as tick to pixel
 * (renderer/src/state/frame-metrics.ts) without the page's frame; the page's half is measured
 * by tick-to-pixel.bench.ts.
 *
 * Standalone: `npx tsx bench/engine-thread.bench.ts`. `BENCH_ENGINE_THREAD_MS` sets the window.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createFeedEngine } from '../main/feed/engine';
import type { FeedEngine, FeedEngineOptions } from '../main/feed/engine-api';
import { createWorkerFeedEngine } from '../main/feed/worker-engine';
import { startHog } from './cpu-hog';
import { printResults, readSetting, type BenchResult } from './report';
import { percentile } from './numbers';
import { sleep } from './children';
import { startSimulatorProcess } from './product-processes';

const RATE = 200_000;
const WARMUP_MS = 3_000;
const WINDOW_MS = readSetting('BENCH_ENGINE_THREAD_MS', 8_000, 600_000);
const LAG_RESOLUTION_MS = 1;
const AIM_LAG_P99_MS = 5;
const AIM_LOADED_RATIO = 2;

type Thread = 'main' | 'worker';
interface Figures {
  readonly lagP99Ms: number;
  readonly tickToConsumerP99Ms: number;
  readonly batches: number;
  /** The machine's 1-minute load average as the window began: "no hog" is not "idle". */
  readonly loadAverage: number;
}

const ENGINES: Record<Thread, (options: FeedEngineOptions) => FeedEngine> = {
  main: createFeedEngine,
  worker: createWorkerFeedEngine,
};

async function measure(feed: string, thread: Thread, hog: boolean): Promise<Figures> {
  const engine = ENGINES[thread]({ feed, batchHz: 30 });
  const ages: number[] = [];
  let measuring = false;
  const consumer = engine.attach((batch) => {
    if (measuring && batch.newestTickTs !== null) ages.push(Date.now() - batch.newestTickTs);
    consumer.ack(batch.seq);
  });
  const load = hog ? startHog() : null;
  const loop = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  try {
    await engine.start();
    await sleep(WARMUP_MS);
    loop.enable();
    measuring = true;
    const loadAverage = loadavg()[0]!;
    await sleep(WINDOW_MS);
    measuring = false;
    loop.disable();
    return {
      lagP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
      tickToConsumerP99Ms: percentile(ages, 0.99),
      batches: ages.length,
      loadAverage,
    };
  } finally {
    consumer.detach();
    await load?.stop();
    await engine.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const sim = await startSimulatorProcess({ rate: RATE });
  const m: Partial<Record<`${Thread} ${'idle' | 'hog'}`, Figures>> = {};
  try {
    for (const thread of ['main', 'worker'] as const) {
      m[`${thread} idle`] = await measure(sim.url, thread, false);
      m[`${thread} hog`] = await measure(sim.url, thread, true);
    }
  } finally {
    await sim.stop();
  }
  const results: BenchResult[] = [];
  const k = `${RATE / 1000}k ticks/s`;
  for (const thread of ['main', 'worker'] as const) {
    const idle = m[`${thread} idle`]!;
    const hog = m[`${thread} hog`]!;
    const base = m['main hog']!;
    results.push(
      {
        name: `engine on ${thread} thread, ${k}, CPU hog: main-thread lag p99`,
        value: hog.lagP99Ms,
        unit: 'ms',
        baseline: idle.lagP99Ms,
        ratio: hog.lagP99Ms / idle.lagP99Ms,
        note: `baseline = same engine, no hog (load average ${idle.loadAverage.toFixed(1)} / ${hog.loadAverage.toFixed(1)}); aim < ${AIM_LAG_P99_MS} ms: ${hog.lagP99Ms < AIM_LAG_P99_MS ? 'met' : 'NOT met'}; engine on main thread with hog: ${base.lagP99Ms.toFixed(1)} ms`,
      },
      {
        name: `engine on ${thread} thread, ${k}, CPU hog: tick to consumer p99`,
        value: hog.tickToConsumerP99Ms,
        unit: 'ms',
        baseline: idle.tickToConsumerP99Ms,
        ratio: hog.tickToConsumerP99Ms / idle.tickToConsumerP99Ms,
        note: `baseline = same engine, no hog (${idle.batches} / ${hog.batches} batches); aim loaded <= ${AIM_LOADED_RATIO}x unloaded: ${hog.tickToConsumerP99Ms <= AIM_LOADED_RATIO * idle.tickToConsumerP99Ms ? 'met' : 'NOT met'}`,
      },
    );
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults(
    'Engine thread: main-thread lag and tick to consumer, with and without a CPU hog',
    await run(),
  );
}
