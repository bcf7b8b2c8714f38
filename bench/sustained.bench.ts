/**
 * Sustained load: the seeded simulator at 100k ticks/s → engine → browser mode → the dashboard
 * in headless Chromium, for BENCH_SUSTAINED_S seconds (default 60; the figure is 600).
 * Every BENCH_SUSTAINED_SAMPLE_S (default 10) the bench samples frames per second, dropped
 * frames, tick-to-pixel latency, and the retained heap of the engine process and of the page
 * (each after a forced garbage collection, so the figure is what stays alive, not what awaits
 * collection). The first sample ends the warm-up; heap growth is the last sample against it.
 *
 *   npx tsx bench/sustained.bench.ts
 *   BENCH_SUSTAINED_S=600 npx tsx bench/sustained.bench.ts     # the 10-minute run
 */
import { pathToFileURL } from 'node:url';
import { printResults, readSetting, type BenchResult } from './report';
import {
  idleFrameRate,
  launchBrowser,
  openDashboard,
  type DashboardPage,
} from './dashboard-browser';
import { percentile, series } from './numbers';
import { sleep } from './children';
import { startStack } from './stack';
import { VSYNC_MS } from './frame-probe';

const RATE = 100_000;
const DURATION_S = readSetting('BENCH_SUSTAINED_S', 60, 14_400);
const SAMPLE_S = readSetting('BENCH_SUSTAINED_SAMPLE_S', 10, 3_600);
const AIM_GROWTH = 0.05;

interface Sample {
  readonly atS: number;
  readonly fps: number;
  readonly dropped: number;
  readonly p99Ms: number;
  readonly engineHeapMiB: number;
  readonly pageHeapMiB: number;
  readonly engineBuffersMiB: number;
  readonly pageBuffersMiB: number;
  readonly engineCpu: number;
  readonly ticksPerSec: number;
}

const MiB = 2 ** 20;
const RINGS =
  'ArrayBuffer memory, outside the heap: rings grow until full, bounded by the history budget';

type MemoryKey = 'engineHeapMiB' | 'pageHeapMiB' | 'engineBuffersMiB' | 'pageBuffersMiB';
/** Collections per page-heap sample; the least reading is what stays alive. */
const HEAP_READINGS = 3;

/**
 * The page's retained heap: the least of a few readings, each after a forced collection. One
 * reading also counts whatever was in flight (a batch being folded, a frame's garbage not yet
 * reachable by the collector), which swung single readings by ±0.4 MiB.
 */
async function retainedHeap(page: DashboardPage): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < HEAP_READINGS; i++) {
    await page.gc();
    least = Math.min(least, (await page.cdpMetrics()).heapUsed);
  }
  return least;
}

export async function run(): Promise<BenchResult[]> {
  if (!(DURATION_S >= 2 * SAMPLE_S)) throw new Error('BENCH_SUSTAINED_S must be ≥ 2 samples');
  const browser = await launchBrowser();
  const samples: Sample[] = [];
  const latency: number[] = [];
  let idleFps: number;
  try {
    idleFps = (await idleFrameRate(browser)).fps;
    const stack = await startStack({ rate: RATE });
    try {
      const page = await openDashboard(browser, stack.engine.url);
      try {
        await page.takeFrames();
        let engine = await stack.engine.stats();
        let at = performance.now();
        const start = at;
        while ((performance.now() - start) / 1000 < DURATION_S - 0.5) {
          await sleep(SAMPLE_S * 1000 - (performance.now() - at));
          const frames = await page.takeFrames();
          const now = performance.now();
          const seconds = (now - at) / 1000;
          const pageHeap = await retainedHeap(page);
          const pageBuffers = await page.arrayBufferBytes();
          const next = await stack.engine.stats(true);
          const sample: Sample = {
            atS: (now - start) / 1000,
            fps: frames.fps,
            dropped: frames.dropped,
            p99Ms: percentile(frames.latency, 0.99),
            engineHeapMiB: next.heapUsed / MiB,
            pageHeapMiB: pageHeap / MiB,
            engineBuffersMiB: next.arrayBuffers / MiB,
            pageBuffersMiB: pageBuffers / MiB,
            engineCpu: (next.cpuUs - engine.cpuUs) / 1e4 / seconds,
            ticksPerSec: (next.ticksTotal - engine.ticksTotal) / seconds,
          };
          samples.push(sample);
          if (samples.length > 1) latency.push(...frames.latency);
          console.log(
            `  ${sample.atS.toFixed(0).padStart(4)} s: ${sample.fps.toFixed(0)} fps, ` +
              `${sample.dropped} dropped, p99 ${sample.p99Ms} ms, engine heap ` +
              `${sample.engineHeapMiB.toFixed(1)} MiB, page heap ${sample.pageHeapMiB.toFixed(1)} MiB, ` +
              `rings ${sample.engineBuffersMiB.toFixed(1)} / ${sample.pageBuffersMiB.toFixed(1)} MiB, ` +
              `engine CPU ${sample.engineCpu.toFixed(0)} %, ${Math.round(sample.ticksPerSec)} ticks/s`,
          );
          engine = next;
          at = performance.now(); // the garbage collections are not part of the next interval
        }
      } finally {
        await page.close();
      }
    } finally {
      await stack.stop();
    }
  } finally {
    await browser.close();
  }

  const warm = samples[0]!;
  const last = samples[samples.length - 1]!;
  const measured = samples.slice(1);
  const mean = (f: (s: Sample) => number) =>
    measured.reduce((sum, s) => sum + f(s), 0) / measured.length;
  const fps = mean((s) => s.fps);
  const dropped = measured.reduce((sum, s) => sum + s.dropped, 0);
  const measuredS = last.atS - warm.atS;
  const expectedFrames = (measuredS * 1000) / VSYNC_MS;
  const setup = `${RATE / 1000}k ticks/s for ${DURATION_S} s, sampled every ${SAMPLE_S} s; first sample = warm-up`;
  // Growth over the second half tells a step during warm-up (then flat) from a steady climb.
  const mid = samples[Math.floor(samples.length / 2)]!;
  const heapGrowth = (key: MemoryKey) =>
    `${((last[key] / warm[key] - 1) * 100).toFixed(1)} % growth (aim < ${AIM_GROWTH * 100} %), ` +
    `${((last[key] / mid[key] - 1) * 100).toFixed(1)} % over the second half`;
  /** A memory figure: the last sample against the warm-up one, with every sample in the note. */
  const memory = (name: string, key: MemoryKey, why: (key: MemoryKey) => string): BenchResult => ({
    name,
    value: last[key],
    unit: 'MiB',
    baseline: warm[key],
    ratio: last[key] / warm[key],
    note: `${why(key)}; samples: ${series(samples.map((s) => s[key]))}`,
  });
  return [
    {
      name: 'sustained: frames per second',
      value: fps,
      unit: 'fps',
      baseline: idleFps,
      ratio: fps / idleFps,
      note: `${setup}; per sample: ${series(measured.map((s) => s.fps))}; baseline = an idle page in the same browser`,
    },
    {
      name: 'sustained: dropped frames',
      value: (dropped / expectedFrames) * 100,
      unit: '% of frames',
      note: `${dropped} of ~${Math.round(expectedFrames)} display frames after warm-up`,
    },
    {
      name: 'sustained: tick to pixel p99',
      value: percentile(latency, 0.99),
      unit: 'ms',
      baseline: warm.p99Ms,
      ratio: percentile(latency, 0.99) / warm.p99Ms,
      note: `after warm-up, ${latency.length} drawn frames; p50 ${percentile(latency, 0.5)} ms; baseline = warm-up p99`,
    },
    memory('sustained: engine heap (retained)', 'engineHeapMiB', heapGrowth),
    memory('sustained: page heap (retained)', 'pageHeapMiB', heapGrowth),
    memory(
      'sustained: engine history rings',
      'engineBuffersMiB',
      () => `${RINGS} (main/feed/history-budget.ts)`,
    ),
    memory(
      'sustained: page history rings',
      'pageBuffersMiB',
      () => `${RINGS} (renderer/src/state/series-store.ts)`,
    ),
    {
      name: 'sustained: engine CPU',
      value: mean((s) => s.engineCpu),
      unit: '% of a core',
      note: `${Math.round(mean((s) => s.ticksPerSec)).toLocaleString('en-US')} ticks/s ingested on average`,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Sustained load (100k ticks/s, dashboard open)', await run());
}
