/**
 * Where the four windows' frames go: the windows bench's setup (three simulators, the engine,
 * the main page with three charts popped out of it as windows), then a Chromium trace and a CPU
 * profile of the renderer that runs them. Pop-outs opened by `window.open` share their opener's
 * renderer process, so one main thread draws all four pages: the tables are that thread's.
 *
 *   BENCH_NO_MINIFY=1 npx tsx bench/windows-trace.ts [seconds]
 */
import { loadavg } from 'node:os';
import { buildRenderer, launchBrowser, openDashboard, sleep, type DashboardPage } from './stack';
import { readList } from './report';
import { startPageTrace, stopPageTrace } from './page-trace';
import { startWindowsSources } from './windows-sources';
import { chartHere, checkPoppedOut, popOutAsWindows, popOutChart } from './windows-popout';
import { kindOf, selfTimes } from './trace-self-times';

const WARMUP_MS = 4_000;

function print(title: string, rows: [string, number][], seconds: number, frames: number) {
  console.log(`\n${title}\n| what | ms/s | ms a frame (of all pages' frames) |\n|---|---|---|`);
  for (const [k, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(
      `| ${k} | ${(us / 1e3 / seconds).toFixed(1)} | ${(us / 1e3 / frames).toFixed(2)} |`,
    );
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
    // Frames the four pages drew together: the thread's work is theirs, whichever page it was.
    const frames = Math.max(1, fps.reduce((a, b) => a + b, 0) * seconds);
    const { profile, rendererMains: mains } = await stopPageTrace(browser, cdp);
    const pid = mains.find((e) => e.name === 'FireAnimationFrame')?.pid;
    const thread = mains.filter((e) => e.pid === pid);
    const byKind = new Map<string, number>();
    const byEvent = new Map<string, number>();
    for (const [e, us] of selfTimes(thread)) {
      const kind = kindOf(e.name) ?? 'other';
      byKind.set(kind, (byKind.get(kind) ?? 0) + us);
      if (kind === 'other') byEvent.set(e.name, (byEvent.get(e.name) ?? 0) + us);
    }
    const node = new Map(profile.nodes.map((n) => [n.id, n]));
    const byFunction = new Map<string, number>();
    for (const [i, id] of profile.samples.entries()) {
      const f = node.get(id)!.callFrame;
      const file = f.url.split('/').pop() || '';
      const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
    console.log(
      `# four windows, ${seconds} s traced, load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}; ` +
        `fps main ${fps[0]!.toFixed(1)}, charts ${fps
          .slice(1)
          .map((f) => f.toFixed(1))
          .join(' / ')}; ` +
        `${(frames / seconds).toFixed(1)} frames a second, all pages`,
    );
    // How much each layout walks, which the load does not change: a relayout boundary that
    // holds new text in its panel shows as fewer objects a layout.
    const layouts = thread.filter((e) => e.name === 'Layout').map((e) => e.args?.beginData ?? {});
    const mean = (f: (d: (typeof layouts)[number]) => number) =>
      (layouts.reduce((sum, d) => sum + f(d), 0) / Math.max(1, layouts.length)).toFixed(0);
    console.log(
      `layouts: ${(layouts.length / seconds).toFixed(1)} a second, objects a layout ${mean((d) => d.totalObjects ?? 0)} (dirty ${mean((d) => d.dirtyObjects ?? 0)}), partial ${layouts.filter((d) => d.partialLayout).length} of ${layouts.length}`,
    );
    print('Renderer main thread by kind (self time)', [...byKind], seconds, frames);
    print('Its "other" by event', [...byEvent], seconds, frames);
    print('CPU profile, self time by function', [...byFunction], seconds, frames);
  } finally {
    await browser.close();
    await run.stop();
  }
}

await main();
