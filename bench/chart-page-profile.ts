/**
 * A batch's main-thread work in one page alone, split (issue 17: where a chart page's frame
 * goes): the windows bench's sources (windows-sources.ts), the page opened as
 * bench/dashboard-alone.ts opens it, then two passes of `seconds` each, so neither inflates the
 * other's figures. First a DevTools trace without the profiler: the main thread's CPU by kind,
 * and the named events that hold the canvases' rasterising at the commit. Then the V8 profiler
 * alone: script split by phase of Chart.js's `update` (options, scales, layout, datasets, plugin
 * hooks, draw and its parts) and self time by the bundle's top-level symbol (a class such as
 * `TimeScale`, a plugin object, our modules' functions), the renderer built unminified. Every
 * figure is ms of the thread's time a batch received.
 *
 *   npx tsx bench/chart-page-profile.ts [chart|main] [seconds]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { panelHash } from '../protocol/panel-route';
import { sleep } from './children';
import type { CpuProfile } from './cpu-profile';
import { launchBrowser, openDashboard, type DashboardPage } from './dashboard-browser';
import { load } from './dashboard-alone-trace';
import { buildRenderer } from './renderer-build';
import { readList } from './report';
import { kindOf, selfTimes, type TraceEvent } from './trace-self-times';
import { chartHere } from './windows-popout';
import { startWindowsSources } from './windows-sources';
import type { Browser } from 'playwright-core';

const WARMUP_MS = 4_000;
const SAMPLING_INTERVAL_US = 200;
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'blink',
  'cc',
];

/** Prints rows of µs as ms a batch, the largest first. */
function table(title: string, rows: Map<string, number>, batches: number, top = 20): void {
  console.log(`\n${title}\n| what | ms a batch |\n|---|---|`);
  for (const [k, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`| ${k} | ${(us / 1e3 / batches).toFixed(3)} |`);
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Pass 1: the page's main thread in a trace, thread CPU by kind and by event. */
async function tracePass(browser: Browser, page: DashboardPage, seconds: number) {
  await page.takeFrames();
  await browser.startTracing(page.page, { categories: CATEGORIES });
  await sleep(seconds * 1000);
  const f = await page.takeFrames();
  await page.page.evaluate(() => console.timeStamp('tickdeck-profile-page'));
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: TraceEvent[];
  };
  const pid = traceEvents.find(
    (e) => e.name === 'TimeStamp' && e.args?.data?.message === 'tickdeck-profile-page',
  )?.pid;
  const names = new Map<string, string>();
  for (const e of traceEvents)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args!.name!);
  const main = traceEvents.filter(
    (e) => e.pid === pid && e.ph === 'X' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain',
  );
  const kinds = new Map<string, number>();
  const events = new Map<string, number>();
  for (const [e, us] of selfTimes(main, 'tdur')) {
    add(kinds, kindOf(e.name) ?? 'other', us);
    add(events, e.name, us);
  }
  const batches = Math.max(1, f.rounds.length);
  console.log(
    `\n## trace: ${seconds} s, ${f.fps.toFixed(1)} fps, ${(batches / seconds).toFixed(1)} batches a second, load ${load()}`,
  );
  table('Main thread by kind (self, thread CPU)', kinds, batches, 12);
  table('Main thread by event (self, thread CPU)', events, batches, 24);
}

/** The bundle's top-level declarations, by line: which symbol a profiled line belongs to. */
function symbolsOf(dir: string): (line: number) => string {
  const assets = join(dir, 'assets');
  const file = readdirSync(assets).find((n) => /^index-.*\.js$/.test(n))!;
  const starts: [number, string][] = [];
  for (const [i, text] of readFileSync(join(assets, file), 'utf8').split('\n').entries()) {
    const m = /^(?:async )?(?:function\*? |class |(?:var|let|const) )([\w$]+)/.exec(text);
    if (m) starts.push([i, m[1]!]);
  }
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]![0] <= line) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo]?.[1] ?? '?';
  };
}

/** Chart's methods whose time is a phase of its `update` (or `render`, the draw). */
const PHASES = new Set([
  '_updateLayout',
  '_updateScales',
  'buildOrUpdateScales',
  'buildOrUpdateControllers',
  '_updateDatasets',
  '_updateHoverStyles',
  'notifyPlugins',
  'render',
  '_resetElements',
  'ensureScalesHaveIDs',
]);
/** Within the draw: Chart's own draw steps. */
const DRAW_PHASES = new Set(['_drawDatasets', 'notifyPlugins', 'clear', 'draw', 'drawLegend']);

/** Pass 2: the V8 profile alone, script split by Chart.js phase and by symbol. */
async function profilePass(page: DashboardPage, seconds: number, symbolAt: (l: number) => string) {
  const cdp = await page.page.context().newCDPSession(page.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await page.takeFrames();
  await cdp.send('Profiler.start');
  await sleep(seconds * 1000);
  const f = await page.takeFrames();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const batches = Math.max(1, f.rounds.length);
  const node = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const c = node.get(id)!.callFrame;
    if (!c.url.includes('/assets/')) return c.functionName || '(anonymous)';
    return `${symbolAt(c.lineNumber)}.${c.functionName || '(anonymous)'}`;
  };
  const phases = new Map<string, number>();
  const symbols = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [i, id] of profile.samples.entries()) {
    const dt = profile.timeDeltas[i] ?? 0;
    const leaf = label(id);
    if (leaf === '(idle)' || leaf === '(program)') continue;
    const c = node.get(id)!.callFrame;
    add(symbols, c.url.includes('/assets/') ? symbolAt(c.lineNumber) : leaf, dt);
    // The stack from the root: the outermost Chart.update, its phase, and within render its step.
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      stack.unshift(label(at));
    // Each symbol on the stack once: the time spent in it and what it calls.
    for (const s of new Set(stack.map((f) => f.split('.')[0]!))) add(inclusive, s, dt);
    const u = stack.indexOf('Chart.update');
    if (u < 0) {
      // Outside Chart.js's update: named by the outermost of our symbols and the leaf.
      const top = stack.find((f) => f.includes('.') && !f.startsWith('(')) ?? stack[1] ?? leaf;
      add(phases, leaf === '(garbage collector)' ? 'GC' : `outside update: ${top} … ${leaf}`, dt);
      continue;
    }
    const phase = stack.slice(u + 1).find((s) => PHASES.has(s.split('.')[1]!)) ?? 'update itself';
    if (!phase.endsWith('.render')) {
      add(phases, `update: ${phase}`, dt);
      continue;
    }
    // render > Chart.draw > its step (datasets, a scale's draw, a plugin's hook) > inside it.
    const d = stack.indexOf('Chart.draw', stack.indexOf(phase));
    const step = d < 0 ? 'render itself' : (stack[d + 1] ?? 'Chart.draw itself');
    const inner = d < 0 ? '' : (stack[d + 2] ?? '');
    add(
      phases,
      `draw: ${DRAW_PHASES.has(step.split('.')[1]!) || step.startsWith('Scale.') ? `${step} > ${inner}` : step}`,
      dt,
    );
  }
  console.log(
    `\n## profile: ${seconds} s, ${f.fps.toFixed(1)} fps, ${(batches / seconds).toFixed(1)} batches a second, load ${load()}`,
  );
  table('Script by Chart.js phase (the profile, ms a batch)', phases, batches, 30);
  table('Script by top-level symbol, self (ms a batch)', symbols, batches, 30);
  table('Script by top-level symbol, inclusive (ms a batch)', inclusive, batches, 40);
}

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'chart';
  const seconds = readList('seconds', process.argv[3] ?? '5', 60)[0]!;
  process.env.BENCH_NO_MINIFY = '1';
  const dir = await buildRenderer();
  const run = await startWindowsSources(dir);
  const browser = await launchBrowser();
  try {
    const url =
      which === 'chart'
        ? `${run.engine.url}${panelHash({ panel: 'chart', instrument: `${run.names[0]}:ACME` })}`
        : run.engine.url;
    const page = await openDashboard(browser, url);
    if (which === 'main') await chartHere(page.page, `${run.names[0]}:BOLT`);
    else if (which !== 'chart') throw new Error(`page: chart or main, got "${which}"`);
    await sleep(WARMUP_MS);
    console.log(`# ${which} page alone, load ${load()}`);
    await tracePass(browser, page, seconds);
    await profilePass(page, seconds, symbolsOf(dir));
    await page.close();
  } finally {
    await browser.close();
    await run.stop();
  }
}

await main();
