/**
 * Dashboard frame time in headless Chromium: 8 price charts of 10k points each, streaming at
 * the default batch rate, drawn the dashboard's way (renderer/src/charts/price-chart.ts) and
 * the untuned Chart.js way in the same run. Prints fps and p95 main-thread work per frame for
 * both, with the ratio. Standalone: `npx tsx bench/dashboard.bench.ts`.
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../protocol/ipc';
import type { PageOptions, PageResult } from './dashboard-page';
import { benchPage, bundlePage, launchBenchBrowser, measureOnPage } from './dashboard-harness';
import { printResults, readSetting, type BenchResult } from './report';

const OPTIONS: PageOptions = {
  charts: 8,
  points: 10_000,
  batchHz: DEFAULT_SETTINGS.batchHz,
  pointsPerBatch: 4,
  durationMs: readSetting('BENCH_DURATION_MS', 5_000, 600_000),
  warmupMs: 1_000,
};

const PAGE = benchPage(`
  .grid { display: grid; grid-template-columns: repeat(4, 1fr); grid-template-rows: repeat(2, 1fr); height: 100vh; gap: 4px; }
  .cell { position: relative; min-width: 0; min-height: 0; }`);

const measure = (browser: Browser, script: string, mode: 'tuned' | 'untuned') =>
  measureOnPage<PageResult>(
    browser,
    { html: PAGE, script, width: 1600, height: 900 },
    'runDashboardBench',
    [mode, OPTIONS],
  );

export async function run(): Promise<BenchResult[]> {
  const script = await bundlePage(new URL('./dashboard-page.ts', import.meta.url));
  const browser = await launchBenchBrowser();
  let tuned: PageResult;
  let untuned: PageResult;
  try {
    tuned = await measure(browser, script, 'tuned');
    untuned = await measure(browser, script, 'untuned');
  } finally {
    await browser.close();
  }
  const setup = `${OPTIONS.charts} charts × ${OPTIONS.points.toLocaleString('en-US')} points, ${OPTIONS.batchHz} batches/s`;
  return [
    {
      name: 'dashboard fps (tuned Chart.js)',
      value: tuned.fps,
      unit: 'fps',
      baseline: untuned.fps,
      ratio: tuned.fps / untuned.fps,
      note: `${setup}; baseline: animation, parsing, point markers, update() per batch`,
    },
    {
      name: 'dashboard p95 frame work',
      value: tuned.frameWorkP95Ms,
      unit: 'ms',
      baseline: untuned.frameWorkP95Ms,
      ratio: untuned.frameWorkP95Ms / tuned.frameWorkP95Ms,
      note: 'main-thread JS per frame; ratio = baseline / value (times less work)',
    },
    {
      name: 'dashboard p50 frame work',
      value: tuned.frameWorkP50Ms,
      unit: 'ms',
      baseline: untuned.frameWorkP50Ms,
      ratio: untuned.frameWorkP50Ms / tuned.frameWorkP50Ms,
      note: 'ratio = baseline / value',
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  printResults('Dashboard rendering (headless Chromium)', await run());
}
