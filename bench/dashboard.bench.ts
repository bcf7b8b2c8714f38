/**
 * Dashboard frame time in headless Chromium: 8 price charts of 10k points each, streaming at
 * the default batch rate, drawn the dashboard's way (renderer/src/charts/price-chart.ts) and
 * the untuned Chart.js way in the same run. Prints fps and p95 main-thread work per frame for
 * both, with the ratio. Standalone: `npx tsx bench/dashboard.bench.ts`.
 */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { chromium, type Browser } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { DEFAULT_SETTINGS } from '../protocol/ipc';
import type { PageOptions, PageResult } from './dashboard-page';
import { printResults, type BenchResult } from './report';

const OPTIONS: PageOptions = {
  charts: 8,
  points: 10_000,
  batchHz: DEFAULT_SETTINGS.batchHz,
  pointsPerBatch: 4,
  durationMs: Number(process.env.BENCH_DURATION_MS ?? 5_000),
  warmupMs: 1_000,
};

/** Bundles the page module (Chart.js, the adapter and our chart wrapper) into one script. */
export async function bundlePage(): Promise<string> {
  const entry = fileURLToPath(new URL('./dashboard-page.ts', import.meta.url));
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    root: fileURLToPath(new URL('..', import.meta.url)),
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['iife'], name: 'dashboardBench', fileName: 'bench' },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if ('output' in o) {
      const chunk = o.output.find((c) => c.type === 'chunk');
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error('bundling the bench page produced no script');
}

/** Times every requestAnimationFrame callback; runs before any other page script. */
const RAF_TIMER = `(() => {
  const raf = window.requestAnimationFrame.bind(window);
  window.__benchWork = 0;
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const start = performance.now();
    try { cb(ts); } finally { window.__benchWork += performance.now() - start; }
  });
})();`;

const PAGE = `<!doctype html><html><head><script>${RAF_TIMER}</script><style>
  html, body { margin: 0; height: 100%; background: #0e1116; }
  .grid { display: grid; grid-template-columns: repeat(4, 1fr); grid-template-rows: repeat(2, 1fr); height: 100vh; gap: 4px; }
  .cell { position: relative; min-width: 0; min-height: 0; }
</style></head><body></body></html>`;

async function measure(browser: Browser, script: string, mode: 'tuned' | 'untuned') {
  // A fresh page per configuration, so one cannot leave work behind for the other.
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  try {
    await page.setContent(PAGE);
    await page.addScriptTag({ content: script });
    return await page.evaluate(([m, o]) => window.runDashboardBench(m, o), [
      mode,
      OPTIONS,
    ] as const);
  } finally {
    await page.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const script = await bundlePage();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      // Measure what the page can do, not the headless default frame cap quirks.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
    ],
  });
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
