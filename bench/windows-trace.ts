/**
 * Where the four windows' frames go: the windows bench's setup (three simulators, the engine,
 * the main page with three charts popped out of it as windows), then a Chromium trace of every
 * renderer and a CPU profile of the main page's. Each pop-out has a renderer of its own
 * (`noopener`), so each page's main thread is its own: a page's "ms a frame" is its own
 * renderer's main-thread time over its own frames.
 *
 *   BENCH_NO_MINIFY=1 npx tsx bench/windows-trace.ts [seconds]
 */
import { loadavg } from 'node:os';
import { buildRenderer } from './renderer-build';
import { launchBrowser, openDashboard, type DashboardPage } from './dashboard-browser';
import { sleep } from './children';
import { readList } from './report';
import { startPageTrace, stopPageTrace } from './page-trace';
import { startWindowsSources } from './windows-sources';
import { chartHere, checkPoppedOut, popOutAsWindows, popOutChart } from './windows-popout';
import { kindOf, selfTimes, type TraceEvent } from './trace-self-times';

const WARMUP_MS = 4_000;

/** Rows of ms/s and ms a frame, the largest first; `frames` are the page's own. */
function print(title: string, rows: [string, number][], seconds: number, frames: number) {
  console.log(`\n${title}\n| what | ms/s | ms a frame (of its page's frames) |\n|---|---|---|`);
  for (const [k, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(
      `| ${k} | ${(us / 1e3 / seconds).toFixed(1)} | ${(us / 1e3 / frames).toFixed(2)} |`,
    );
}

/** One renderer main thread's self time by kind, and its "other" kind by event. */
function byKind(thread: readonly TraceEvent[]) {
  const kinds = new Map<string, number>();
  const others = new Map<string, number>();
  for (const [e, us] of selfTimes(thread)) {
    const kind = kindOf(e.name) ?? 'other';
    kinds.set(kind, (kinds.get(kind) ?? 0) + us);
    if (kind === 'other') others.set(e.name, (others.get(e.name) ?? 0) + us);
  }
  return { kinds, others };
}

/** How much each layout walks: a relayout boundary that holds new text shows as fewer objects. */
function layouts(thread: readonly TraceEvent[], seconds: number): string {
  const all = thread.filter((e) => e.name === 'Layout').map((e) => e.args?.beginData ?? {});
  const mean = (f: (d: (typeof all)[number]) => number) =>
    (all.reduce((sum, d) => sum + f(d), 0) / Math.max(1, all.length)).toFixed(0);
  return `layouts: ${(all.length / seconds).toFixed(1)} a second, objects a layout ${mean((d) => d.totalObjects ?? 0)} (dirty ${mean((d) => d.dirtyObjects ?? 0)}), partial ${all.filter((d) => d.partialLayout).length} of ${all.length}`;
}

async function main(): Promise<void> {
  const seconds = readList('seconds', process.argv[2] ?? '4', 120)[0]!;
  const dir = await buildRenderer();
  const run = await startWindowsSources(dir);
  const { engine } = run;
  const browser = await launchBrowser();
  try {
    const sources = run.names;
    const main = await openDashboard(browser, engine.url);
    await popOutAsWindows(main.page);
    const out = sources.map((s) => `${s}:ACME`);
    const pages: DashboardPage[] = [main];
    for (const id of out) pages.push(await popOutChart(main.page, id));
    await chartHere(main.page, `${sources[0]}:BOLT`);
    await checkPoppedOut(main.page, out);
    await sleep(WARMUP_MS);
    const cdp = await startPageTrace(browser, main.page);
    await Promise.all(pages.map((p) => p.takeFrames()));
    await sleep(seconds * 1000);
    const fps = (await Promise.all(pages.map((p) => p.takeFrames()))).map((f) => f.fps);
    const trace = await stopPageTrace(
      browser,
      cdp,
      pages.map((p) => p.page),
    );
    console.log(
      `# four windows, ${seconds} s traced, load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}; ` +
        `fps main ${fps[0]!.toFixed(1)}, charts ${fps
          .slice(1)
          .map((f) => f.toFixed(1))
          .join(' / ')}; ` +
        `${fps.reduce((a, b) => a + b, 0).toFixed(1)} frames a second, all pages; ` +
        `renderer pids ${trace.pids.join(', ')}`,
    );
    if (new Set(trace.pids).size < trace.pids.length)
      console.log('# some pages share a renderer: their rows below count its time once each');
    for (const [i, pid] of trace.pids.entries()) {
      const name = i === 0 ? 'main page' : `pop-out ${out[i - 1]}`;
      const frames = Math.max(1, fps[i]! * seconds);
      const thread = trace.rendererMains.filter((e) => e.pid === pid);
      const { kinds, others } = byKind(thread);
      console.log(`\n## ${name}: ${fps[i]!.toFixed(1)} fps\n${layouts(thread, seconds)}`);
      print(`${name}: main thread by kind (self time)`, [...kinds], seconds, frames);
      print(`${name}: its "other" by event`, [...others], seconds, frames);
    }
    const node = new Map(trace.profile.nodes.map((n) => [n.id, n]));
    const byFunction = new Map<string, number>();
    for (const [i, id] of trace.profile.samples.entries()) {
      const f = node.get(id)!.callFrame;
      const file = f.url.split('/').pop() || '';
      const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + (trace.profile.timeDeltas[i] ?? 0));
    }
    const mainFrames = Math.max(1, fps[0]! * seconds);
    print('Main page: CPU profile, self time by function', [...byFunction], seconds, mainFrames);
  } finally {
    await browser.close();
    await run.stop();
  }
}

await main();
