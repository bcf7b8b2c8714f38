/**
 * The full dashboard's frame cost (issue 18, Speed): two charted instruments (price line and
 * candles, three indicators on each instrument's candles), the depth ladder of 20 levels a
 * side, the depth chart and the trade tape, fed batches shaped like the engine's at 100k
 * ticks/s with books on, against the same dashboard without the ladder, tape and indicators
 * (the baseline), each in a fresh page of the same browser run, {@link REPEATS} times
 * alternating. Prints fps and p95 main-thread work per frame with the same-run ratio, median
 * and range, the p95 ratio of the book column alone and of the indicators alone, and the
 * script per second (main-thread JS) of the full dashboard and of the book column alone against
 * the baseline's. `node --import tsx bench/run.ts dashboard-full` or
 * `npx tsx bench/dashboard-full.bench.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../protocol/ipc';
import type { FullMode, FullOptions } from './dashboard-full-page';
import type { FrameStats } from './dashboard-frames';
import { benchPage, bundlePage, launchBenchBrowser, measureOnPage } from './dashboard-harness';
import { printResults, readSetting, type BenchResult } from './report';
import { median } from './numbers';

export const OPTIONS: FullOptions = {
  batchHz: DEFAULT_SETTINGS.batchHz,
  ticksPerSec: 100_000,
  instruments: 20,
  bookLevels: 20,
  historyPoints: 10_000,
  durationMs: readSetting('BENCH_DURATION_MS', 5_000, 600_000),
  warmupMs: 1_000,
};
const REPEATS = readSetting('BENCH_REPEATS', 3, 50);

/** The app's own theme and base styles, and the dashboard's chart area beside its book column. */
export const PAGE =
  benchPage(`${readFileSync(new URL('../renderer/src/app.css', import.meta.url), 'utf8')}
  main { display: grid; grid-template-columns: 1fr 1fr; height: 100vh; gap: 4px; }
  main.with-book { grid-template-columns: 1fr 1fr 280px; }
  .column { display: grid; grid-template-rows: minmax(0, 1fr); align-content: start; min-height: 0; overflow: hidden; }
  .cell { display: grid; min-width: 0; min-height: 0; }`);

const measure = (browser: Browser, script: string, mode: FullMode) =>
  measureOnPage<FrameStats>(
    browser,
    { html: PAGE, script, width: 1600, height: 900 },
    'runDashboardFullBench',
    [mode, OPTIONS],
  );

const PART_NAMES = {
  book: 'ladder, depth chart and tape',
  indicators: 'indicators',
  ladder: 'ladder',
  tape: 'tape',
  'depth-chart': 'depth chart',
} as const;

const range = (xs: number[], digits: number) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

export async function run(): Promise<BenchResult[]> {
  const script = await bundlePage(new URL('./dashboard-full-page.ts', import.meta.url), true);
  const browser = await launchBenchBrowser();
  const modes = ['bare', 'full', 'book', 'indicators', 'ladder', 'tape', 'depth-chart'] as const;
  const got = Object.fromEntries(modes.map((m) => [m, [] as FrameStats[]])) as Record<
    FullMode,
    FrameStats[]
  >;
  try {
    for (let i = 0; i < REPEATS; i++)
      for (const mode of modes) got[mode].push(await measure(browser, script, mode));
  } finally {
    await browser.close();
  }
  const { bare, full } = got;
  const p95Ratios = (mode: FullMode) =>
    got[mode].map((f, i) => f.frameWorkP95Ms / bare[i]!.frameWorkP95Ms);
  const fpsRatios = full.map((f, i) => f.fps / bare[i]!.fps);
  const scriptRatios = (mode: FullMode) =>
    got[mode].map((f, i) => f.workMsPerSec / bare[i]!.workMsPerSec);
  const workRatios = p95Ratios('full');
  const setup = `2 instruments charted of 20, ${OPTIONS.ticksPerSec.toLocaleString('en-US')} ticks/s, ${OPTIONS.batchHz} batches/s, book ${OPTIONS.bookLevels} levels; baseline: same dashboard without ladder, tape and indicators, same run; ${REPEATS} repeats`;
  return [
    {
      name: 'full dashboard fps',
      value: median(full.map((f) => f.fps)),
      unit: 'fps',
      baseline: median(bare.map((f) => f.fps)),
      ratio: median(fpsRatios),
      note: `${setup}; fps ${range(
        full.map((f) => f.fps),
        1,
      )} vs ${range(
        bare.map((f) => f.fps),
        1,
      )}; ratio range ${range(fpsRatios, 2)} (aim: 60 fps)`,
    },
    {
      name: 'full dashboard p95 frame work',
      value: median(full.map((f) => f.frameWorkP95Ms)),
      unit: 'ms',
      baseline: median(bare.map((f) => f.frameWorkP95Ms)),
      ratio: median(workRatios),
      note: `ratio = value / baseline, range ${range(workRatios, 2)} (aim: at most 1.3); dropped frames ${range(
        full.map((f) => f.droppedPct),
        0,
      )} % vs ${range(
        bare.map((f) => f.droppedPct),
        0,
      )} %`,
    },
    ...(['full', 'book'] as const).map((mode): BenchResult => ({
      name: `full dashboard script per second: ${mode === 'full' ? 'full' : `${PART_NAMES.book} alone`}`,
      value: median(got[mode].map((f) => f.workMsPerSec)),
      unit: 'ms/s',
      baseline: median(bare.map((f) => f.workMsPerSec)),
      ratio: median(scriptRatios(mode)),
      note: `main-thread JS per second of the run; ratio = value / baseline, range ${range(scriptRatios(mode), 2)}`,
    })),
    ...(['book', 'indicators', 'ladder', 'tape', 'depth-chart'] as const).map(
      (mode): BenchResult => ({
        name: `full dashboard p95 frame work: ${PART_NAMES[mode]} alone`,
        value: median(got[mode].map((f) => f.frameWorkP95Ms)),
        unit: 'ms',
        baseline: median(bare.map((f) => f.frameWorkP95Ms)),
        ratio: median(p95Ratios(mode)),
        note: `ratio = value / baseline, range ${range(p95Ratios(mode), 2)}; fps ${range(
          got[mode].map((f) => f.fps),
          1,
        )}`,
      }),
    ),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  printResults('Full dashboard: ladder, tape, indicators (headless Chromium)', await run());
}
