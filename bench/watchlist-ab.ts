/**
 * The main page's watchlist, this code against other code, in one browser on the windows
 * bench's three sources (issue 17): the same-process A/B a loaded machine's noise needs. The
 * main page charts the first source's `BOLT` as bench/dashboard-alone.ts does; a batch is
 * one redraw of its price chart; the page's main thread comes from `Performance.getMetrics`
 * in thread time.
 *
 *   npx tsx bench/watchlist-ab.ts builds <dir of the code before> [windows] [seconds]
 *   npx tsx bench/watchlist-ab.ts arrow [pairs] [seconds]
 *
 * `builds`: this worktree's page and the page built from the other tree's `renderer/`
 * (a worktree of the code before; this tree's own path for an A/A), served by one engine,
 * both open at once and measured over the same windows, so each window's ratio has both under
 * the same load. `arrow`: one page of this code, its arrows as this code draws them (both
 * glyphs, one coloured) or switched, through the CSSOM, to the code before's (a glyph of each
 * class's own `::before` content), in ABBA windows.
 */
import { cpSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { buildRenderer, buildRendererOf } from './renderer-build';
import { launchBrowser, openDashboard, type DashboardPage } from './dashboard-browser';
import { sleep } from './children';
import { readList } from './report';
import { startWindowsSources } from './windows-sources';
import { chartHere } from './windows-popout';
import { followCpu, type CpuSplit } from './windows-split';
import { median } from './numbers';

/** The code before's arrows: each class's own glyph, none without a move. */
const BEFORE_ARROW_RULES = [
  '.arrow::before { content: none !important; display: inline !important; width: auto !important; color: inherit !important; }',
  '.arrow::after { content: none !important; }',
  ".arrow.up::before { content: '▲' !important; }",
  ".arrow.down::before { content: '▼' !important; }",
];

interface Window {
  readonly cpu: CpuSplit;
  readonly batches: number;
  readonly fps: number;
}

/** Counts the price chart's whole redraws in `page`: one a batch drawn. */
async function countBatches(page: DashboardPage): Promise<() => Promise<number>> {
  await page.page.evaluate(() => {
    const w = window as unknown as { __priceRedraws: number };
    w.__priceRedraws = 0;
    const clear = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (x, y, wd, h) {
      const c = this.canvas;
      if (
        x === 0 &&
        y === 0 &&
        wd >= c.clientWidth - 1 &&
        c.closest('[data-testid^="price-chart"]')
      )
        w.__priceRedraws++;
      clear.call(this, x, y, wd, h);
    };
  });
  return () =>
    page.page.evaluate(() => (window as unknown as { __priceRedraws: number }).__priceRedraws);
}

/** Measures `pages` over the same `seconds`. */
async function measure(
  pages: readonly {
    page: DashboardPage;
    cpu: { take(): Promise<CpuSplit> };
    batches: () => Promise<number>;
  }[],
  seconds: number,
): Promise<Window[]> {
  const start = await Promise.all(
    pages.map(async (p) => {
      await p.cpu.take();
      await p.page.takeFrames();
      return p.batches();
    }),
  );
  await sleep(seconds * 1000);
  return Promise.all(
    pages.map(async (p, i) => {
      const fps = (await p.page.takeFrames()).fps;
      const cpu = await p.cpu.take();
      return { cpu, fps, batches: ((await p.batches()) - start[i]!) / seconds };
    }),
  );
}

const main = (w: Window) => w.cpu.script + w.cpu.styleLayout + w.cpu.otherMain;
const FIGURES: [string, (w: Window) => number][] = [
  ['style+layout a batch', (w) => w.cpu.styleLayout / w.batches],
  ['script a batch', (w) => w.cpu.script / w.batches],
  ['other main a batch', (w) => w.cpu.otherMain / w.batches],
  ['main thread a batch', (w) => main(w) / w.batches],
  ['main thread ms/s', main],
  ['batches/s', (w) => w.batches],
  ['fps', (w) => w.fps],
];

/** Prints, per figure, each build's mean over its windows and the ratio A ÷ B window by window. */
function report(a: string, as: readonly Window[], b: string, bs: readonly Window[]): void {
  console.log(
    `| figure | ${a} (mean) | ${b} (mean) | ${a} ÷ ${b}: median (range) | lower in |\n|---|---|---|---|---|`,
  );
  for (const [name, f] of FIGURES) {
    const r = as.map((w, i) => f(w) / f(bs[i]!));
    const mean = (ws: readonly Window[]) =>
      (ws.reduce((s, w) => s + f(w), 0) / ws.length).toFixed(2);
    console.log(
      `| ${name} | ${mean(as)} | ${mean(bs)} | ${median(r).toFixed(3)} (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}) | ${r.filter((x) => x < 1).length} of ${r.length} |`,
    );
  }
  console.log(
    `load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

const mode = process.argv[2];
const afterDir = await buildRenderer();
let beforeDir: string | null = null;
if (mode === 'builds') {
  const root = resolve(process.argv[3] ?? '');
  // Copied into the served folder, so one engine serves both pages.
  const out = await buildRendererOf(root);
  beforeDir = join(afterDir, 'before');
  cpSync(out, beforeDir, { recursive: true });
} else if (mode !== 'arrow') throw new Error(`mode: builds <dir> or arrow, got "${mode}"`);
const args = process.argv.slice(mode === 'builds' ? 4 : 3);
const count = readList('windows', args[0] ?? '12', 100)[0]!;
const seconds = readList('seconds', args[1] ?? '3', 60)[0]!;
const run = await startWindowsSources(afterDir);
const browser = await launchBrowser();
try {
  const open = async (url: string) => {
    const page = await openDashboard(browser, url);
    await chartHere(page.page, `${run.names[0]}:BOLT`);
    return { page, cpu: await followCpu(page.page), batches: await countBatches(page) };
  };
  if (beforeDir !== null) {
    const url = new URL(run.engine.url);
    url.pathname = '/before/index.html';
    const as: Window[] = [];
    const bs: Window[] = [];
    // Half the windows with this code's page opened first, half with the other's: the page
    // opened first showed about 2 % less script a batch against the same code.
    for (const thisFirst of [true, false]) {
      const opened = [];
      for (const u of thisFirst ? [run.engine.url, url.href] : [url.href, run.engine.url])
        opened.push(await open(u));
      const [after, before] = thisFirst ? opened : opened.reverse();
      await sleep(4000);
      for (let i = 0; i < count / 2; i++) {
        const [a, b] = await measure([after!, before!], seconds);
        as.push(a!);
        bs.push(b!);
      }
      for (const p of opened) await p.page.close();
    }
    report('this code', as, 'code before', bs);
  } else {
    const after = await open(run.engine.url);
    await sleep(4000);
    const set = (old: boolean) =>
      after.page.page.evaluate(
        (p: { old: boolean; rules: string[] }) => {
          // Through the CSSOM: the page's CSP refuses a <style> of ours.
          const sheet = document.styleSheets[0]!;
          if (p.old) for (const rule of p.rules) sheet.insertRule(rule, sheet.cssRules.length);
          else for (let i = 0; i < p.rules.length; i++) sheet.deleteRule(sheet.cssRules.length - 1);
        },
        { old, rules: BEFORE_ARROW_RULES },
      );
    const res = { painted: [] as Window[], glyphs: [] as Window[] };
    let old = false;
    for (let i = 0; i < count * 2; i++) {
      const want = i % 4 === 1 || i % 4 === 2; // ABBA, so a drift in the load favours neither
      if (want !== old) {
        await set((old = want));
        // The switch took: a falling arrow's `::before` is its class's own glyph, or the ▲ hidden.
        const glyph = await after.page.page.evaluate(() => {
          const down = document.querySelector('.arrow.down');
          return down ? getComputedStyle(down, '::before').content : null;
        });
        if (glyph !== null && (glyph === '"▼"') !== old) throw new Error(`arrow: ${glyph}`);
      }
      await sleep(300);
      const [w] = await measure([after], seconds);
      (old ? res.glyphs : res.painted).push(w!);
    }
    report('both glyphs, one shown', res.painted, 'glyph a class', res.glyphs);
  }
} finally {
  await browser.close();
  await run.stop();
}
