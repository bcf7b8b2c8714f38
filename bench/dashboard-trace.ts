/**
 * Where a frame of the full dashboard goes (issue 18, Speed): runs one configuration of
 * bench/dashboard-full.bench.ts's page in headless Chromium under a Chromium performance trace
 * and a CPU profile at once, and prints ranked tables (bench/trace-report.ts, trace-paint.ts,
 * trace-script.ts): main-thread time by kind (script, style,
 * layout, pre-paint, paint, layerize and commit, GC), raster and compositing on the other
 * threads, paint by element (time, count and area each frame), raster by layer, and script by
 * the source file it ran in or was called from (the renderer's components and charts, the
 * bench's feed). A tool for finding what to cut, not a benchmark: tracing costs time itself, so
 * its totals are larger than the bench's.
 *
 *   npx tsx bench/dashboard-trace.ts [mode] [seconds]     # mode: full (default), bare, book, ...
 *
 * `TRACE_OUT=<file>` also writes the raw trace (JSON, for chrome://tracing or Perfetto);
 * `TRACE_SCREENSHOT=<file.png>` a screenshot of the page as traced.
 */
import { writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from './cpu-profile';
import { OPTIONS, PAGE } from './dashboard-full.bench';
import type { FullMode } from './dashboard-full-page';
import { bundlePageWithMap, launchBenchBrowser } from './dashboard-harness';
import { printLayout, printPaint } from './trace-paint';
import { completeSpans, printThreads, type TracedPage } from './trace-report';
import { printScript } from './trace-script';
import { selfTimes, type TraceEvent } from './trace-self-times';

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-devtools.timeline.invalidationTracking',
  'disabled-by-default-devtools.timeline.paint',
  'cc',
  'viz',
  'blink',
  'v8',
];
/** CPU profile sampling interval, µs: fine enough to see a component's share of a frame. */
const SAMPLING_INTERVAL_US = 250;
const SCRIPT_URL = 'dashboard-full-page.js';

/** The page's renderer in the trace, its main thread's spans and its frames. */
function tracedPage(events: readonly TraceEvent[]): TracedPage {
  const threadNames = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name')
      threadNames.set(`${e.pid}:${e.tid}`, String(e.args?.name));
  const thread = (e: TraceEvent) => threadNames.get(`${e.pid}:${e.tid}`) ?? '?';
  const spans = completeSpans(events.filter((e) => e.ph !== 'M'));
  const mains = spans.filter((e) => thread(e) === 'CrRendererMain');
  // The page's renderer: the main thread that ran the frames.
  const pid = [...new Set(mains.map((e) => e.pid))].sort(
    (a, b) =>
      mains.filter((e) => e.pid === b && e.name === 'FireAnimationFrame').length -
      mains.filter((e) => e.pid === a && e.name === 'FireAnimationFrame').length,
  )[0]!;
  const main = mains.filter((e) => e.pid === pid);
  const t0 = Math.min(...main.map((e) => e.ts));
  const t1 = Math.max(...main.map((e) => e.ts + e.dur!));
  // A frame the page drew: one main-thread frame begun (several rAF callbacks run in each).
  const frames = events.filter(
    (e) => e.pid === pid && (e.name === 'BeginMainThreadFrame' || e.name === 'BeginMainFrame'),
  ).length;
  return { events, spans, main, pid, frames, seconds: (t1 - t0) / 1e6, thread };
}

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? 'full') as FullMode;
  const traceSec = Number(process.argv[3] ?? 4);
  const { code, map } = await bundlePageWithMap(
    new URL('./dashboard-full-page.ts', import.meta.url),
    true,
  );
  const sourceMap = new SourceMap(JSON.parse(map) as ConstructorParameters<typeof SourceMap>[0]);
  const browser = await launchBenchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.setContent(PAGE);
    await page.addScriptTag({ content: `${code}\n//# sourceURL=${SCRIPT_URL}` });
    const cdp = await page.context().newCDPSession(page);
    const durationMs = OPTIONS.warmupMs + traceSec * 1000 + 3_000;
    const running = page.evaluate(([m, o]) => window.runDashboardFullBench(m, o), [
      mode,
      { ...OPTIONS, durationMs },
    ] as const);
    await new Promise((r) => setTimeout(r, OPTIONS.warmupMs + 500));
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await cdp.send('Profiler.start');
    await new Promise((r) => setTimeout(r, traceSec * 1000));
    // A picture of what was traced, to check the page still looks as it should.
    if (process.env.TRACE_SCREENSHOT) await page.screenshot({ path: process.env.TRACE_SCREENSHOT });
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: TraceEvent[];
    };
    if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, JSON.stringify(trace));
    const traced = tracedPage(trace.traceEvents);
    const load = loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
    const fps = traced.frames / traced.seconds;
    console.log(
      `# ${mode} dashboard, ${traced.seconds.toFixed(1)} s traced, ${traced.frames} frames (${fps.toFixed(1)} fps under tracing), load average ${load}`,
    );
    const self = selfTimes(traced.main);
    printThreads(traced, self);
    await printPaint(traced, self, cdp);
    printLayout(traced);
    printScript(profile, sourceMap, SCRIPT_URL, fps);
    await running;
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
