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
import { DEFAULT_SETTINGS } from '../protocol/ipc';
import { formatTimeline } from './batch-timeline';
import { launchBrowser, OPEN_TIMEOUT_MS } from './dashboard-browser';
import { benchPage, bundlePage } from './dashboard-harness';
import type { PageOptions, PageResult } from './dashboard-page';
import { printResults, readList, type BenchResult } from './report';
import { formatSplit } from './round-trip';
import { MEASURE_MS, point, type Point } from './scale-point';

/** A curve's points from the environment (bounded), or its defaults. */
const list = (name: string, max: number, fallback: readonly number[]) => {
  const text = process.env[name];
  return text ? readList(name, text, max) : fallback;
};
const RATES = list(
  'BENCH_SCALE_RATES',
  10_000_000,
  [1_000, 10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000],
);
const INSTRUMENTS = list('BENCH_SCALE_INSTRUMENTS', 100_000, [10, 100, 1_000, 5_000]);
const INSTRUMENTS_RATE = 50_000;
const CHARTS = list('BENCH_SCALE_CHARTS', 64, [1, 2, 4, 8, 16]);

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
