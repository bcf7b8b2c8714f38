/**
 * The main dashboard alone, and one popped-out chart page alone, on the windows bench's three
 * sources (issue 17: after each pop-out gets a renderer of its own, each window must hold 60 fps
 * by itself). Three seeded simulators and the engine in their own processes; the main page
 * charts the first source's `BOLT` with its book and tape, as bench/windows.bench.ts does; the
 * chart page is a pop-out's URL (`#panel=chart&instrument=<first source>:ACME`) opened as a
 * page of its own, so it has its own renderer, as the desktop app's pop-outs do.
 *
 *   npx tsx bench/dashboard-alone.ts [fps|trace] [seconds]
 *
 * `fps` (default): each page's frame rate, tick-to-pixel p99 and main-thread time a frame (the
 * DevTools protocol's counters), three windows each, against a page that only counts frames,
 * measured beside the sources in the same run. `trace`: a DevTools trace of each page, its
 * main thread's self time by kind and a frame of it, and the CPU profile's top functions
 * (`BENCH_NO_MINIFY=1` for readable names). Rates: `BENCH_WINDOWS_RATES` as the windows bench.
 */
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { panelHash } from '../protocol/panel-route';
import { sourceNamesFor } from '../protocol/source-names';
import {
  buildRenderer,
  idleFrameRate,
  launchBrowser,
  openDashboard,
  percentile,
  sleep,
  startEngineProcess,
  startSimulatorProcess,
  type DashboardPage,
} from './stack';
import { kindOf, selfTimes } from './trace-self-times';
import { chartHere } from './windows-popout';
import { followCpu } from './windows-split';

const RATES = (process.env.BENCH_WINDOWS_RATES ?? '20000,5000,5000').split(',').map(Number);
const WARMUP_MS = 4_000;
const WINDOWS = 3;
/**
 * `BENCH_HIDE=<part>,...` hides parts of the main page (display: none) before measuring, to
 * see what each costs: a finding tool, not a configuration of the product.
 */
const HIDE: Record<string, string> = {
  sparklines: '.watchlist canvas',
  watchlist: '.watchlist',
  sports: '[data-testid="sports-panel"]',
  odds: '[data-testid="odds-chart"]',
  ladder: '[data-testid="depth-ladder"]',
  tape: '[data-testid="trade-tape"]',
  charts: '.charts canvas',
  health: 'footer',
};
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'];
/** CPU profile sampling interval, µs. */
const SAMPLING_INTERVAL_US = 250;

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: {
    name?: string;
    beginData?: { dirtyObjects?: number; totalObjects?: number; partialLayout?: boolean };
  };
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

/** Frame rate, p99 and main-thread time a frame over `WINDOWS` windows of `seconds`. */
async function measureFps(name: string, page: DashboardPage, seconds: number): Promise<void> {
  const cpu = await followCpu(page.page);
  await countRedraws(page);
  const rows: string[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    await cpu.take();
    await page.takeFrames();
    await page.page.evaluate(() => window.__benchRedraws!.clear());
    await sleep(seconds * 1000);
    const f = await page.takeFrames();
    const s = await cpu.take();
    const redraws = await page.page.evaluate(() => Object.fromEntries(window.__benchRedraws!));
    const perFrame = (v: number) => (v / Math.max(1, f.fps)).toFixed(2);
    const perS = Object.entries(redraws)
      .map(([k, n]) => `${k} ${(n / seconds).toFixed(0)}`)
      .join(', ');
    rows.push(
      `| ${name} | ${f.fps.toFixed(1)} | ${percentile(f.latency, 0.99).toFixed(0)} | ` +
        `${perFrame(s.script)} | ${perFrame(s.styleLayout)} | ${perFrame(s.otherMain)} | ` +
        `${perFrame(s.offMain)} | ${perS} | ${load()} |`,
    );
  }
  console.log(rows.join('\n'));
}

declare global {
  interface Window {
    __benchRedraws?: Map<string, number>;
  }
}

/**
 * Counts the page's canvas redraws a second by the chart they belong to (its nearest test id),
 * from each `clearRect` that clears a whole canvas (Chart.js and the sparklines clear before
 * they draw): a count the machine's load moves far less than it moves times.
 */
async function countRedraws(page: DashboardPage): Promise<void> {
  await page.page.evaluate(() => {
    const counts = (window.__benchRedraws = new Map<string, number>());
    const clear = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (x, y, w, h) {
      const canvas = this.canvas;
      if (x === 0 && y === 0 && w >= canvas.clientWidth - 1) {
        const holder = canvas.closest<HTMLElement>('[data-testid]')?.dataset.testid ?? 'other';
        const key = holder.startsWith('watchlist')
          ? 'sparkline'
          : holder.split(/-(?=[^-]*[\d:])/)[0]!;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      clear.call(this, x, y, w, h);
    };
  });
}

/** A trace and a CPU profile of one page; prints its main thread's self time by kind. */
async function tracePage(browser: Browser, name: string, page: DashboardPage, seconds: number) {
  const cdp = await page.page.context().newCDPSession(page.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await browser.startTracing(page.page, { categories: CATEGORIES });
  await cdp.send('Profiler.start');
  await page.takeFrames();
  await sleep(seconds * 1000);
  const { fps } = await page.takeFrames();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: TraceEvent[];
  };
  const names = new Map<string, string>();
  for (const e of traceEvents)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args!.name!);
  const mains = traceEvents.filter(
    (e) => e.ph === 'X' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain',
  );
  const pid = mains.find((e) => e.name === 'FireAnimationFrame')?.pid;
  const thread = mains.filter((e) => e.pid === pid);
  const byKind = new Map<string, number>();
  for (const [e, us] of selfTimes(thread)) {
    const kind = kindOf(e.name) ?? 'other';
    byKind.set(kind, (byKind.get(kind) ?? 0) + us);
  }
  const node = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (id: number) => {
    const f = node.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
  };
  const byFunction = new Map<string, number>();
  // Inclusive time: each function on a sample's stack once, however often it recurs there.
  const inclusive = new Map<string, number>();
  for (const [i, id] of profile.samples.entries()) {
    const dt = profile.timeDeltas[i] ?? 0;
    byFunction.set(keyOf(id), (byFunction.get(keyOf(id)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      seen.add(keyOf(at));
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
  const frames = Math.max(1, fps * seconds);
  const table = (title: string, rows: Map<string, number>, top: number) => {
    console.log(`\n${title}\n| what | ms/s | ms a frame |\n|---|---|---|`);
    for (const [k, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `| ${k} | ${(us / 1e3 / seconds).toFixed(1)} | ${(us / 1e3 / frames).toFixed(2)} |`,
      );
  };
  console.log(`\n## ${name}: ${seconds} s traced at ${fps.toFixed(1)} fps, load average ${load()}`);
  const layouts = thread.filter((e) => e.name === 'Layout').map((e) => e.args?.beginData ?? {});
  const mean = (f: (d: (typeof layouts)[number]) => number) =>
    (layouts.reduce((sum, d) => sum + f(d), 0) / Math.max(1, layouts.length)).toFixed(0);
  console.log(
    `layouts a frame ${(layouts.length / frames).toFixed(2)}, objects a layout ${mean((d) => d.totalObjects ?? 0)} (dirty ${mean((d) => d.dirtyObjects ?? 0)})`,
  );
  if (process.env.TRACE_SCREENSHOT)
    await page.page.screenshot({
      path: `${process.env.TRACE_SCREENSHOT}-${name.split(' ')[0]}.png`,
    });
  table('Main thread by kind (self time)', byKind, 12);
  table('CPU profile, self time by function', byFunction, 25);
  table('CPU profile, total time by function (itself and what it calls)', inclusive, 40);
}

/** Hides the parts named in `BENCH_HIDE` in the main page. */
async function hideParts(main: DashboardPage): Promise<void> {
  const hide = (process.env.BENCH_HIDE ?? '').split(',').filter(Boolean);
  for (const part of hide) {
    if (!HIDE[part])
      throw new Error(`BENCH_HIDE: no part "${part}" (${Object.keys(HIDE).join(', ')})`);
    // Through the CSSOM: the page's CSP refuses a <style> of ours.
    await main.page.evaluate((sel) => {
      for (const el of document.querySelectorAll<HTMLElement>(sel))
        el.style.setProperty('display', 'none', 'important');
    }, HIDE[part]);
  }
  if (hide.length) console.log(`# hidden: ${hide.join(', ')}`);
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'fps';
  if (mode !== 'fps' && mode !== 'trace') throw new Error(`mode: fps or trace, got "${mode}"`);
  const seconds = Number(process.argv[3] ?? (mode === 'fps' ? 8 : 4));
  if (!(seconds > 0)) throw new Error(`seconds: a positive number, got "${process.argv[3]}"`);
  const dir = await buildRenderer();
  const sims = [];
  for (const [i, rate] of RATES.entries())
    sims.push(await startSimulatorProcess({ rate, seed: i + 1 }));
  const urls = sims.map((s) => s.url);
  const engine = await startEngineProcess(urls[0]!, dir, { moreFeeds: urls.slice(1) });
  const browser = await launchBrowser();
  try {
    const sources = sourceNamesFor(urls);
    const idle = await idleFrameRate(browser);
    console.log(
      `# ${RATES.join(' + ')} ticks/s; idle page beside the sources ${idle.fps.toFixed(1)} fps`,
    );
    if (mode === 'fps')
      console.log(
        '| page | fps | p99 ms | script ms/frame | style+layout | other main | off-main | canvas redraws/s | load |\n|---|---|---|---|---|---|---|---|---|',
      );
    const openPage = async (which: string): Promise<DashboardPage> => {
      if (which === 'chart') {
        const route = { panel: 'chart' as const, instrument: `${sources[0]}:ACME` };
        return openDashboard(browser, `${engine.url}${panelHash(route)}`);
      }
      if (which !== 'main') throw new Error(`BENCH_PAGES: main or chart, got "${which}"`);
      const main = await openDashboard(browser, engine.url);
      await chartHere(main.page, `${sources[0]}:BOLT`);
      await hideParts(main);
      return main;
    };
    // BENCH_PAGES: the pages measured, in turn (`main,chart` by default).
    for (const which of (process.env.BENCH_PAGES ?? 'main,chart').split(',')) {
      const page = await openPage(which);
      await sleep(WARMUP_MS);
      if (mode === 'fps') await measureFps(which, page, seconds);
      else await tracePage(browser, `${which} page alone`, page, seconds);
      await page.close();
    }
    console.log(`# idle page again: ${(await idleFrameRate(browser)).fps.toFixed(1)} fps`);
  } finally {
    await browser.close();
    await engine.stop();
    for (const s of sims) await s.stop();
  }
}

await main();
