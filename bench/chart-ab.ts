/**
 * A chart page's price and candle charts, this tree's build (B) against another tree's (A), in
 * one browser, alternating (issue 17): the same-process A/B that a loaded machine's noise
 * needs. `BENCH_BEFORE=<the other tree's root>` (its node_modules resolving to the same
 * Chart.js; both trees' chart constructors alike).
 *
 *   BENCH_BEFORE=/path/to/before npx tsx bench/chart-ab.ts script [pairs] [redraws a turn]
 *   BENCH_BEFORE=/path/to/before npx tsx bench/chart-ab.ts page [pairs] [seconds]
 *
 * `script`: both builds' charts on one page, redrawn in turns; ms a redraw pair (price and
 * candles), the median of each and of B ÷ A by pair. `BENCH_FLUSH=1` rasterises each canvas
 * inside the timing. `page`: a page of one build's pair, redrawn every second frame, in
 * fresh pages alternating A and B; the renderer's and the GPU process's CPU a redraw pair
 * (SystemInfo), and the renderer's main thread split (Performance.getMetrics).
 * `BENCH_POINTS` (default 1,500, 30 ms apart: the windows bench's span); `BENCH_BATCH_POINTS`
 * the points a redraw adds (default 4; 1 is a live pop-out's pace, 30 ms of data a batch);
 * `BENCH_CANDLE_EVERY=n`: in `page`, B's candles drawn every n-th batch only (what a lower
 * candle rate would save).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { ScriptOptions } from './chart-ab-page';
import { benchPage, bundlePage, launchBenchBrowser } from './dashboard-harness';
import { readSetting } from './report';
import { followBrowserCpu, followCpu } from './windows-split';
import { median } from './numbers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE = benchPage(`
  body { padding: 6px; box-sizing: border-box; height: 100vh; }
  .grid { display: grid; grid-template-rows: 3fr 2fr; height: 100%; gap: 4px; background: #151a21; }
  .cell { position: relative; min-width: 0; min-height: 0; }`);
const VIEWPORT = { width: 1600, height: 900 };
const WARMUP_MS = 1_500;
const POINTS = readSetting('BENCH_POINTS', 1_500, 20_000);
const PER_BATCH = readSetting('BENCH_BATCH_POINTS', 4, 100);
const CANDLE_EVERY = readSetting('BENCH_CANDLE_EVERY', 1, 30);

/** The page's code: an entry importing both trees' charts, A first, bundled; its folder removed. */
async function bundleEntry(before: string): Promise<string> {
  const charts = (root: string, n: string) =>
    `import { PriceChart as P${n} } from '${root}/renderer/src/charts/price-chart';\n` +
    `import { CandleChart as C${n} } from '${root}/renderer/src/charts/candle-chart';\n`;
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-chart-ab-'));
  try {
    const file = join(dir, 'entry.ts');
    writeFileSync(
      file,
      charts(before, 'A') +
        charts(ROOT, 'B') +
        `import { install } from '${ROOT}/bench/chart-ab-page';\n` +
        'install([{ PriceChart: PA, CandleChart: CA }, { PriceChart: PB, CandleChart: CB }]);\n',
    );
    return await bundlePage(pathToFileURL(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f2 = (v: number) => v.toFixed(2);

async function script(browser: Browser, code: string, pairs: number, per: number) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.setContent(PAGE);
  await page.addScriptTag({ content: code });
  const flush = process.env.BENCH_FLUSH === '1';
  const o: ScriptOptions = { points: POINTS, pairs, per, flush, perBatch: PER_BATCH };
  const r = await page.evaluate((opts) => window.chartAbScript(opts), o);
  const q = (k: number) => f2(r.ratios[Math.floor((r.ratios.length - 1) * k)]!);
  console.log(
    `${pairs} pairs of ${per} redraws, flush ${o.flush}, load ${f2(loadavg()[0]!)}: ` +
      `ms a redraw pair A ${f2(r.a)}, B ${f2(r.b)}; B ÷ A by pair: median ${q(0.5)}, ` +
      `quartiles ${q(0.25)}–${q(0.75)}, range ${q(0)}–${q(1)}`,
  );
}

async function live(browser: Browser, code: string, pairs: number, seconds: number) {
  const processes = await followBrowserCpu(browser);
  const rows: Record<'A' | 'B', number[][]> = { A: [], B: [] };
  console.log(
    '| build | load | fps | redraws/s (candles drawn) | renderer | GPU | main: script | other main | off main |\n' +
      '|---|---|---|---|---|---|---|---|---|',
  );
  for (let p = 0; p < pairs; p++) {
    for (const which of p % 2 ? (['B', 'A'] as const) : (['A', 'B'] as const)) {
      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.setContent(PAGE);
      await page.addScriptTag({ content: code });
      await page.evaluate(([w, n, b, every]) => window.chartAbLive(w, n, b, every), [
        which,
        POINTS,
        PER_BATCH,
        which === 'B' ? CANDLE_EVERY : 1,
      ] as const);
      await new Promise((r) => setTimeout(r, WARMUP_MS));
      const split = await followCpu(page);
      await page.evaluate(() => window.chartAbCounts());
      await processes.take();
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const cpu = await processes.take();
      const main = await split.take();
      const n = await page.evaluate(() => window.chartAbCounts());
      await page.close();
      const perS = n.draws / seconds;
      // ms of CPU a redraw pair: the load moves the redraw rate, this much less.
      const row = [cpu.renderer ?? 0, cpu.GPU ?? 0, main.script, main.otherMain, main.offMain];
      rows[which].push(row.map((v) => v / perS));
      console.log(
        `| ${which} | ${f2(loadavg()[0]!)} | ${(n.frames / seconds).toFixed(1)} | ${perS.toFixed(1)} (${(n.candleDraws / seconds).toFixed(1)}) | ` +
          `${rows[which].at(-1)!.map(f2).join(' | ')} |`,
      );
    }
  }
  for (const which of ['A', 'B'] as const)
    console.log(
      `| ${which}, median | | | | ${[0, 1, 2, 3, 4].map((i) => f2(median(rows[which].map((r) => r[i]!)))).join(' | ')} |`,
    );
}

const mode = process.argv[2] ?? 'script';
const before = process.env.BENCH_BEFORE;
if (!before) throw new Error('BENCH_BEFORE: the root of the tree to compare with');
if (mode !== 'script' && mode !== 'page') throw new Error(`mode: script or page, got "${mode}"`);
const code = await bundleEntry(resolve(before));
const browser = await launchBenchBrowser();
try {
  const pairs = Number(process.argv[3] ?? (mode === 'script' ? 300 : 6));
  if (mode === 'script') await script(browser, code, pairs, Number(process.argv[4] ?? 10));
  else await live(browser, code, pairs, Number(process.argv[4] ?? 4));
} finally {
  await browser.close();
}
