/**
 * Chart tools' frame cost in headless Chromium (issue 18): two price charts streaming at the
 * default batch rate, drawn by the renderer's PriceChart with the tools off (the baseline, same
 * run), with a crosshair moved at 60 Hz, with three price-line indicators per chart, and with
 * both. Each configuration gets a fresh page. Prints fps, p95 main-thread work per frame and
 * the share of dropped frames, each against the baseline.
 * `node --import tsx bench/run.ts chart-tools` or `npx tsx bench/chart-tools.bench.ts`.
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../protocol/ipc';
import type { ToolsMode, ToolsOptions, ToolsResult } from './chart-tools-page';
import { benchPage, bundlePage, launchBenchBrowser, measureOnPage } from './dashboard-harness';
import { printResults, readSetting, type BenchResult } from './report';

const OPTIONS: ToolsOptions = {
  charts: 2,
  points: 10_000,
  batchHz: DEFAULT_SETTINGS.batchHz,
  pointsPerBatch: 4,
  durationMs: readSetting('BENCH_DURATION_MS', 5_000, 600_000),
  warmupMs: 1_000,
};

const PAGE = benchPage(`
  .grid { display: grid; grid-template-columns: repeat(2, 1fr); height: 100vh; gap: 4px; }
  .cell { position: relative; min-width: 0; min-height: 0; }
  .vline, .hline { position: absolute; left: 0; top: 0; pointer-events: none; background: #888; }
  .vline { width: 1px; height: 100%; } .hline { height: 1px; width: 100%; }
  output { position: absolute; left: 4px; top: 4px; color: #ddd; font: 11px monospace; }`);

const measure = (browser: Browser, script: string, mode: ToolsMode) =>
  measureOnPage<ToolsResult>(
    browser,
    { html: PAGE, script, width: 1600, height: 600 },
    'runChartToolsBench',
    [mode, OPTIONS],
  );

export async function run(): Promise<BenchResult[]> {
  const script = await bundlePage(new URL('./chart-tools-page.ts', import.meta.url));
  const browser = await launchBenchBrowser();
  const got = new Map<ToolsMode, ToolsResult>();
  try {
    for (const mode of ['off', 'crosshair', 'indicators', 'both'] as const)
      got.set(mode, await measure(browser, script, mode));
  } finally {
    await browser.close();
  }
  const off = got.get('off')!;
  const setup = `${OPTIONS.charts} price charts × ${OPTIONS.points.toLocaleString('en-US')} points, ${OPTIONS.batchHz} batches/s; baseline: tools off, same run`;
  return (['crosshair', 'indicators', 'both'] as const).flatMap((mode): BenchResult[] => {
    const r = got.get(mode)!;
    const what =
      mode === 'both'
        ? 'crosshair at 60 Hz + 3 indicators'
        : mode === 'crosshair'
          ? 'crosshair at 60 Hz'
          : '3 price-line indicators a chart';
    return [
      {
        name: `chart tools p95 frame work: ${what}`,
        value: r.frameWorkP95Ms,
        unit: 'ms',
        baseline: off.frameWorkP95Ms,
        ratio: r.frameWorkP95Ms / off.frameWorkP95Ms,
        note: `${setup}; ratio = value / baseline`,
      },
      {
        name: `chart tools dropped frames: ${what}`,
        value: r.droppedPct,
        unit: '%',
        baseline: off.droppedPct,
        ratio: r.droppedPct / off.droppedPct,
        note: `${(r.droppedPct - off.droppedPct).toFixed(1)} points vs baseline (aim: at most +1); fps ${r.fps.toFixed(1)} vs ${off.fps.toFixed(1)}`,
      },
    ];
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  printResults('Chart tools (headless Chromium)', await run());
}
