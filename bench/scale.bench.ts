/**
 * Scale curves: how cost grows with
 * - tick rate (1k → 1M ticks/s asked; the top is whatever the machine delivers),
 * - number of instruments (10 → 5,000 at 50k ticks/s),
 * through the whole product path (simulator → engine → browser mode → headless Chromium), and
 * - number of charts (1 → 16 price charts of 10k points), in the dashboard harness of
 *   bench/dashboard.bench.ts.
 * Figures: engine CPU per 100k ticks, batch bytes, page main-thread time and frame work. Each
 * point's baseline is the curve's first point, so the ratio reads as "times the cost at the
 * smallest load". The curve is printed as a table as it is measured.
 *
 *   npx tsx bench/scale.bench.ts
 *   BENCH_SCALE_RATES=1000,100000 BENCH_SCALE_INSTRUMENTS=10,5000 npx tsx bench/scale.bench.ts
 *   BENCH_SCALE_TIMELINE=1 … (each point's batch timeline: bench/batch-timeline.ts)
 *   BENCH_SCALE_BOOK_LEVELS=0 … (the simulator's book levels a side; 0: no book ticks, the same
 *   tick mix at every instrument count; bench/tick-mix.ts)
 */
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { benchPage, bundlePage } from './dashboard-harness';
import type { PageOptions, PageResult } from './dashboard-page';
import { DEFAULT_SETTINGS } from '../protocol/ipc';
import { printResults, type BenchResult } from './report';
import { formatSplit, splitRoundTrips, type RoundTripSplit } from './round-trip';
import { formatTimeline, splitTimeline, type TimelineSplit } from './batch-timeline';
import { FLOW_WINDOW } from '../protocol/batch';
import { bookLevelsSetting } from './product-processes';
import {
  launchBrowser,
  openDashboard,
  OPEN_TIMEOUT_MS,
  type DashboardPage,
} from './dashboard-browser';
import { sleep } from './children';
import { startStack, type Stack } from './stack';

const list = (env: string | undefined, fallback: readonly number[]) =>
  env ? env.split(',').map(Number) : fallback;
const RATES = list(
  process.env.BENCH_SCALE_RATES,
  [1_000, 10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000],
);
const INSTRUMENTS = list(process.env.BENCH_SCALE_INSTRUMENTS, [10, 100, 1_000, 5_000]);
/** A point that takes longer than this is recorded as failed and its processes stopped. */
const POINT_DEADLINE_MS = 60_000;
const INSTRUMENTS_RATE = 50_000;
const CHARTS = list(process.env.BENCH_SCALE_CHARTS, [1, 2, 4, 8, 16]);
const WARMUP_MS = 3_000;
const MEASURE_MS = 5_000;
const PER = 100_000;
/**
 * BENCH_SCALE_TIMELINE=1 probes the engine's worker for each point's batch timeline
 * (bench/batch-timeline.ts). Off by default: its 2 ms probe timer runs on the engine's thread.
 */
const TIMELINE = process.env.BENCH_SCALE_TIMELINE === '1';
/** The simulator's book levels a side; absent, its default (books on). */
const BOOK_LEVELS = bookLevelsSetting('BENCH_SCALE_BOOK_LEVELS');

/** One point of an end-to-end curve. */
interface Point {
  readonly label: string;
  readonly ticksPerSec: number;
  readonly engineCpuPct: number;
  readonly engineMsPer100k: number;
  readonly batchBytes: number;
  readonly bytesPerSec: number;
  readonly batchesPerSec: number;
  readonly pageBusyPct: number;
  readonly drawP95Ms: number;
  readonly fps: number;
  /** Where each batch's round trip went (absent where the page did not open). */
  readonly split?: RoundTripSplit;
  /** The grid's slots and each stage of a batch, with BENCH_SCALE_TIMELINE=1. */
  readonly timeline?: TimelineSplit;
  /** The dashboard did not draw within OPEN_TIMEOUT_MS: page figures are missing. */
  readonly failed?: boolean;
}

/** A point where even the engine process did not survive. */
function deadPoint(label: string): Point {
  const nan = NaN;
  return {
    label,
    ticksPerSec: nan,
    engineCpuPct: nan,
    engineMsPer100k: nan,
    batchBytes: nan,
    bytesPerSec: nan,
    batchesPerSec: nan,
    pageBusyPct: nan,
    drawP95Ms: nan,
    fps: nan,
  };
}

/** Engine figures alone, for a point where the dashboard could not open. */
async function enginePoint(stack: Stack, label: string): Promise<Point> {
  const e0 = await stack.engine.stats();
  const start = performance.now();
  await sleep(MEASURE_MS);
  const e1 = await stack.engine.stats();
  const seconds = (performance.now() - start) / 1000;
  const ticks = e1.ticksTotal - e0.ticksTotal;
  const cpuMs = (e1.cpuUs - e0.cpuUs) / 1000;
  const batches = e1.batches - e0.batches;
  return {
    label,
    ticksPerSec: ticks / seconds,
    engineCpuPct: cpuMs / 10 / seconds,
    engineMsPer100k: ticks ? (cpuMs / ticks) * PER : NaN,
    batchBytes: batches ? (e1.bytesSent - e0.bytesSent) / batches : NaN,
    bytesPerSec: (e1.bytesSent - e0.bytesSent) / seconds,
    batchesPerSec: batches / seconds,
    pageBusyPct: NaN,
    drawP95Ms: NaN,
    fps: NaN,
  };
}

async function point(
  browser: Browser,
  label: string,
  rate: number,
  instruments?: number,
): Promise<Point> {
  const stack = await startStack({
    rate,
    instruments,
    timeline: TIMELINE,
    bookLevels: BOOK_LEVELS,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Point>((resolve) => {
    timer = setTimeout(() => {
      console.log(`  ${label.padEnd(22)} no result within ${POINT_DEADLINE_MS / 1000} s`);
      resolve({ ...deadPoint(label), failed: true });
    }, POINT_DEADLINE_MS);
  });
  try {
    return await Promise.race([measurePoint(browser, stack, label), deadline]);
  } finally {
    clearTimeout(timer);
    await stack.stop();
  }
}

async function measurePoint(browser: Browser, stack: Stack, label: string): Promise<Point> {
  {
    let page: DashboardPage;
    try {
      page = await openDashboard(browser, stack.engine.url);
    } catch (err) {
      // A point the dashboard cannot even open at is a result, not a reason to lose the curve.
      console.log(
        `  ${label.padEnd(22)} dashboard did not open: ${(err as Error).message.split('\n')[0]}`,
      );
      return { ...(await enginePoint(stack, label).catch(() => deadPoint(label))), failed: true };
    }
    try {
      await sleep(WARMUP_MS);
      await page.takeFrames();
      if (TIMELINE) await stack.engine.timeline(); // from here on
      const e0 = await stack.engine.stats();
      const c0 = await page.cdpMetrics();
      const start = performance.now();
      await sleep(MEASURE_MS);
      const frames = await page.takeFrames();
      const e1 = await stack.engine.stats();
      const c1 = await page.cdpMetrics();
      const worker = TIMELINE ? await stack.engine.timeline() : null;
      const seconds = (performance.now() - start) / 1000;
      const ticks = e1.ticksTotal - e0.ticksTotal;
      const cpuMs = (e1.cpuUs - e0.cpuUs) / 1000;
      const batches = e1.batches - e0.batches;
      const p: Point = {
        label,
        ticksPerSec: ticks / seconds,
        engineCpuPct: cpuMs / 10 / seconds,
        engineMsPer100k: (cpuMs / ticks) * PER,
        batchBytes: batches ? (e1.bytesSent - e0.bytesSent) / batches : 0,
        bytesPerSec: (e1.bytesSent - e0.bytesSent) / seconds,
        batchesPerSec: batches / seconds,
        pageBusyPct: ((c1.taskS - c0.taskS) / seconds) * 100,
        drawP95Ms: frames.drawP95Ms,
        fps: frames.fps,
        split: splitRoundTrips(frames.rounds, 1_000 / DEFAULT_SETTINGS.batchHz),
        ...(worker && {
          timeline: splitTimeline(
            worker,
            frames.rounds,
            1_000 / DEFAULT_SETTINGS.batchHz,
            FLOW_WINDOW,
          ),
        }),
      };
      console.log(
        `  ${label.padEnd(22)} ${Math.round(p.ticksPerSec).toLocaleString('en-US').padStart(9)} ticks/s | ` +
          `engine ${p.engineCpuPct.toFixed(0).padStart(3)} % = ${p.engineMsPer100k.toFixed(0).padStart(5)} ms/100k ticks | ` +
          `${Math.round(p.batchBytes).toLocaleString('en-US').padStart(8)} B/batch × ${p.batchesPerSec.toFixed(0)}/s | ` +
          `page ${p.pageBusyPct.toFixed(0).padStart(3)} % busy, draw p95 ${p.drawP95Ms.toFixed(1)} ms, ${p.fps.toFixed(0)} fps\n` +
          `  ${''.padEnd(22)} ${formatSplit(p.split!)}` +
          (p.timeline ? `\n  ${''.padEnd(22)} ${formatTimeline(p.timeline)}` : ''),
      );
      return p;
    } finally {
      await page.close();
    }
  }
}

function curveResults(curve: string, points: readonly Point[]): BenchResult[] {
  const base = points[0]!;
  return points.flatMap((p) => [
    {
      name: `${curve} ${p.label}: engine CPU per 100k ticks`,
      value: p.engineMsPer100k,
      unit: 'ms',
      baseline: base.engineMsPer100k,
      ratio: p.engineMsPer100k / base.engineMsPer100k,
      note: `${Math.round(p.ticksPerSec).toLocaleString('en-US')} ticks/s ingested; engine ${p.engineCpuPct.toFixed(0)} % of a core`,
    },
    {
      name: `${curve} ${p.label}: batch bytes`,
      value: p.batchBytes,
      unit: 'B/batch',
      baseline: base.batchBytes,
      ratio: p.batchBytes / base.batchBytes,
      note: `${Math.round(p.bytesPerSec / 1024).toLocaleString('en-US')} KiB/s at ${p.batchesPerSec.toFixed(0)} batches/s${p.split ? `; ${formatSplit(p.split)}` : ''}${p.timeline ? `; ${formatTimeline(p.timeline, '; ')}` : ''}`,
    },
    {
      name: `${curve} ${p.label}: page main thread`,
      value: p.pageBusyPct,
      unit: '% busy',
      baseline: base.pageBusyPct,
      ratio: p.pageBusyPct / base.pageBusyPct,
      note: p.failed
        ? `the dashboard did not draw a batch within ${OPEN_TIMEOUT_MS / 1000} s`
        : `draw p95 ${p.drawP95Ms.toFixed(1)} ms per frame, ${p.fps.toFixed(0)} fps`,
    },
  ]);
}

const CHART_PAGE = (n: number) => {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  return benchPage(`
  .grid { display: grid; grid-template-columns: repeat(${cols}, 1fr); grid-template-rows: repeat(${rows}, 1fr); height: 100vh; gap: 4px; }
  .cell { position: relative; min-width: 0; min-height: 0; }`);
};

async function chartPoint(browser: Browser, script: string, charts: number): Promise<PageResult> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  try {
    await page.setContent(CHART_PAGE(charts));
    await page.addScriptTag({ content: script });
    const options: PageOptions = {
      charts,
      points: 10_000,
      batchHz: DEFAULT_SETTINGS.batchHz,
      pointsPerBatch: 4,
      durationMs: MEASURE_MS,
      warmupMs: 1_000,
    };
    const r = await page.evaluate(([o]) => window.runDashboardBench('tuned', o), [
      options,
    ] as const);
    console.log(
      `  ${`${charts} charts`.padEnd(22)} ${r.fps.toFixed(0)} fps, frame work p50 ${r.frameWorkP50Ms.toFixed(1)} ms, p95 ${r.frameWorkP95Ms.toFixed(1)} ms`,
    );
    return r;
  } finally {
    await page.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const browser = await launchBrowser();
  const results: BenchResult[] = [];
  try {
    console.log('  tick rate (20 instruments):');
    const byRate: Point[] = [];
    for (const rate of RATES) byRate.push(await point(browser, `${rate / 1000}k ticks/s`, rate));
    results.push(...curveResults('rate', byRate));

    console.log(`  instruments (${INSTRUMENTS_RATE / 1000}k ticks/s):`);
    const byInstruments: Point[] = [];
    for (const n of INSTRUMENTS)
      byInstruments.push(await point(browser, `${n} instruments`, INSTRUMENTS_RATE, n));
    results.push(...curveResults('instruments', byInstruments));

    console.log('  charts (10k points each, dashboard harness):');
    const script = await bundlePage(new URL('./dashboard-page.ts', import.meta.url));
    const byCharts: { charts: number; r: PageResult }[] = [];
    for (const charts of CHARTS)
      byCharts.push({ charts, r: await chartPoint(browser, script, charts) });
    const base = byCharts[0]!.r;
    for (const { charts, r } of byCharts) {
      results.push({
        name: `charts ${charts}: frame work p95`,
        value: r.frameWorkP95Ms,
        unit: 'ms',
        baseline: base.frameWorkP95Ms,
        ratio: r.frameWorkP95Ms / base.frameWorkP95Ms,
        note: `${r.fps.toFixed(0)} fps (baseline ${base.fps.toFixed(0)}); p50 ${r.frameWorkP50Ms.toFixed(1)} ms`,
      });
    }
  } finally {
    await browser.close();
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Scale curves', await run());
}
