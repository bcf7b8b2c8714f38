/**
 * What four windows at 60 fps would cost (issue 17), from each page measured alone, and two
 * builds' pages compared in the same run: the windows bench's sources (windows-sources.ts) and
 * each page opened as bench/dashboard-alone.ts opens it (the main page charting the first
 * source's `BOLT`, a pop-out chart page of its `ACME`). A turn starts the sources on one
 * build's page, measures them with no page open, then each page alone; turns alternate the
 * builds (A B B A ...), so a drift of the machine's load favours neither.
 *
 *   npx tsx bench/windows-reach.ts [turns] [seconds]
 *   BENCH_BEFORE=/path/to/other/tree npx tsx bench/windows-reach.ts 4 6
 *
 * For each page: fps, batches received a second, its main thread a batch (script, style and
 * layout, the rest: the canvases' rasterising at the commit, paint, GC), and a second of
 * Chromium's processes (renderers, GPU, browser) and of the sources (the simulators and the
 * engine: every process under this one that is not Chromium's). Then, per build, the CPU four
 * windows at the rates measured alone would need: the main page's Chromium CPU, three chart
 * pages', the sources with the main page open, and three chart pages' extra engine work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { panelHash } from '../protocol/panel-route';
import { ROOT, sleep } from './children';
import { launchBrowser, openDashboard } from './dashboard-browser';
import { median } from './numbers';
import { buildRendererOf } from './renderer-build';
import { readList } from './report';
import { chartHere } from './windows-popout';
import { startWindowsSources } from './windows-sources';
import { followBrowserCpu, followCpu, totalCpu } from './windows-split';

const WARMUP_MS = 4_000;
/** Clock ticks a second of /proc's CPU times (Linux's USER_HZ). */
const USER_HZ = 100;

/** CPU (ms) of every process under this one, Chromium's left out: the sources. */
function sourcesCpuMs(): number {
  const stats = new Map<number, { ppid: number; comm: string; ms: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = text.lastIndexOf(')');
      const comm = text.slice(text.indexOf('(') + 1, close);
      const f = text.slice(close + 2).split(' ');
      stats.set(Number(name), {
        ppid: Number(f[1]),
        comm,
        ms: ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ,
      });
    } catch {
      // Gone between the listing and the read.
    }
  }
  let total = 0;
  const under = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid; p !== undefined && p > 1; p = stats.get(p)?.ppid)
      if (p === process.pid) return true;
    return false;
  };
  for (const [pid, s] of stats) if (under(pid) && !/chrom/i.test(s.comm)) total += s.ms;
  return total;
}

interface PageFigures {
  fps: number;
  batchesPerS: number;
  /** Main thread a batch: script, style and layout, the rest. */
  script: number;
  styleLayout: number;
  otherMain: number;
  /** ms/s */
  chromium: Record<string, number>;
  sources: number;
}

async function measure(
  browser: Browser,
  url: string,
  main: string | null,
  seconds: number,
): Promise<PageFigures> {
  const page = await openDashboard(browser, url);
  try {
    if (main) await chartHere(page.page, main);
    await sleep(WARMUP_MS);
    const cpu = await followCpu(page.page);
    const chromium = await followBrowserCpu(browser);
    await page.takeFrames();
    const from = sourcesCpuMs();
    await sleep(seconds * 1000);
    const f = await page.takeFrames();
    const split = await cpu.take();
    const batchesPerS = f.rounds.length / seconds;
    const perBatch = (v: number) => v / Math.max(batchesPerS, 1);
    return {
      fps: f.fps,
      batchesPerS,
      script: perBatch(split.script),
      styleLayout: perBatch(split.styleLayout),
      otherMain: perBatch(split.otherMain),
      chromium: await chromium.take(),
      sources: (sourcesCpuMs() - from) / seconds,
    };
  } finally {
    await page.close();
  }
}

interface Turn {
  build: 'A' | 'B';
  idle: { chromium: number; sources: number };
  chart: PageFigures;
  main: PageFigures;
}

async function turn(build: 'A' | 'B', dir: string, seconds: number): Promise<Turn> {
  const run = await startWindowsSources(dir);
  const browser = await launchBrowser();
  try {
    await sleep(WARMUP_MS);
    const chromium = await followBrowserCpu(browser);
    const from = sourcesCpuMs();
    await sleep(seconds * 1000);
    const idle = {
      chromium: totalCpu(await chromium.take()),
      sources: (sourcesCpuMs() - from) / seconds,
    };
    const first = run.names[0]!;
    const chartUrl = `${run.engine.url}${panelHash({ panel: 'chart', instrument: `${first}:ACME` })}`;
    const chart = await measure(browser, chartUrl, null, seconds);
    const main = await measure(browser, run.engine.url, `${first}:BOLT`, seconds);
    return { build, idle, chart, main };
  } finally {
    await browser.close();
    await run.stop();
  }
}

const f1 = (v: number) => v.toFixed(1);
const f2 = (v: number) => v.toFixed(2);

function row(t: Turn, which: 'chart' | 'main', load: string): string {
  const p = t[which];
  const c = p.chromium;
  return (
    `| ${t.build} | ${which} | ${load} | ${f1(p.fps)} | ${f1(p.batchesPerS)} | ` +
    `${f2(p.script + p.styleLayout + p.otherMain)} (${f2(p.script)} / ${f2(p.styleLayout)} / ${f2(p.otherMain)}) | ` +
    `${Math.round(c.renderer ?? 0)} / ${Math.round(c.GPU ?? 0)} / ${Math.round(totalCpu(c))} | ${Math.round(p.sources)} |`
  );
}

/** Batches a second a page at 60 fps draws: the engine sends at most one every other frame. */
const BATCHES_AT_60_FPS = 30;

/**
 * ms/s four windows at 60 fps would need: a main page and three chart pages, each page's
 * Chromium CPU alone scaled to {@link BATCHES_AT_60_FPS} batches a second (a page's work is
 * nearly all per batch), and the sources for them.
 */
function need(t: Turn): { main: number; chart: number; sources: number } {
  const page = (p: PageFigures) =>
    ((totalCpu(p.chromium) - t.idle.chromium) * BATCHES_AT_60_FPS) / Math.max(p.batchesPerS, 1);
  return {
    main: t.idle.chromium + page(t.main),
    chart: page(t.chart),
    sources: t.main.sources + 3 * Math.max(0, t.chart.sources - t.idle.sources),
  };
}

async function main(): Promise<void> {
  const turns = readList('turns', process.argv[2] ?? '2', 20)[0]!;
  const seconds = readList('seconds', process.argv[3] ?? '6', 60)[0]!;
  const before = process.env.BENCH_BEFORE;
  const dirs = {
    B: await buildRendererOf(ROOT),
    A: before ? await buildRendererOf(resolve(before)) : null,
  };
  const order: ('A' | 'B')[] = [];
  for (let i = 0; i < turns; i++)
    order.push(!dirs.A ? 'B' : i % 4 === 0 || i % 4 === 3 ? 'A' : 'B');
  console.log(
    `# A = ${before ?? '(none)'}, B = ${ROOT}; ${cpus().length} cores; turns ${order.join(' ')}, ${seconds} s a page\n\n` +
      '| build | page | load | fps | batches/s | main thread ms a batch (script / style+layout / other) | Chromium ms/s: renderers / GPU / all | sources ms/s |\n' +
      '|---|---|---|---|---|---|---|---|',
  );
  const done: Turn[] = [];
  for (const build of order) {
    const t = await turn(build, dirs[build]!, seconds);
    const load = loadavg()[0]!.toFixed(1);
    done.push(t);
    console.log(`${row(t, 'chart', load)}\n${row(t, 'main', load)}`);
    console.log(
      `| ${build} | no page | ${load} | | | | all ${Math.round(t.idle.chromium)} | ${Math.round(t.idle.sources)} |`,
    );
  }
  const machine = cpus().length * 1000;
  console.log(
    `\nFour windows at 60 fps, ms/s of the machine's ${machine} (medians of the turns):\n` +
      '| build | sources and engine | left for the pages | four pages need | main page | a chart page | chart page a batch | main page a batch |\n|---|---|---|---|---|---|---|---|',
  );
  for (const build of ['A', 'B'] as const) {
    const mine = done.filter((t) => t.build === build);
    if (mine.length === 0) continue;
    const n = mine.map(need);
    const m = (f: (x: (typeof n)[number]) => number) => Math.round(median(n.map(f)));
    const batch = (w: 'chart' | 'main') =>
      mine.map((t) => f2(t[w].script + t[w].styleLayout + t[w].otherMain)).join(', ');
    console.log(
      `| ${build} | ${m((x) => x.sources)} | ${machine - m((x) => x.sources)} | ${m((x) => x.main + 3 * x.chart)} | ` +
        `${m((x) => x.main)} | ${m((x) => x.chart)} | ${batch('chart')} | ${batch('main')} |`,
    );
  }
}

await main();
