/**
 * One price chart's and one candle chart's cost per redraw in headless Chromium (issue 17):
 * each redrawn after every batch of new points, many times in a row, timed a redraw at a time
 * (bench/chart-redraw-page.ts). `PROFILE=n` also prints the n functions with the most self
 * and total time in a V8 CPU profile of the timed redraws, named by the source map.
 * `BENCH_POINTS=n` (default 10,000, 30 ms apart): the history held, so the span drawn.
 * `SCREENSHOT=file.png` saves the charts as the last redraw left them, with the page's clock
 * fixed at {@link SCREENSHOT_TIME} so two builds' screenshots can be compared pixel by pixel
 * (its timings are then not to be read: the clock stands still).
 * `npx tsx bench/chart-redraw.ts [redraws]`; compare builds by running it in each worktree.
 */
import { SourceMap } from 'node:module';
import type { CpuProfile, ProfileNode } from './cpu-profile';
import type { RedrawOptions, RedrawResult } from './chart-redraw-page';
import { readSetting } from './report';
import { benchPage, bundlePageWithMap, launchBenchBrowser } from './dashboard-harness';

const SAMPLING_INTERVAL_US = 100;
const PROFILE_TOP = Number(process.env.PROFILE ?? 0);
/** `PROFILE_UNDER=price-chart.ts`: only the samples under a function of that file. */
const PROFILE_UNDER = process.env.PROFILE_UNDER ?? '';
const OPTIONS: RedrawOptions = {
  // 10,000 points 30 ms apart: a full 5-minute window, as after 5 minutes of a session.
  points: readSetting('BENCH_POINTS', 10_000, 20_000),
  pointsPerBatch: 4,
  redraws: Number(process.argv[2] ?? 1_000),
  warmup: 100,
  keep: process.env.SCREENSHOT !== undefined,
};
const PAGE = benchPage(`
  .grid { display: grid; grid-template-rows: 1fr 1fr; height: 100vh; gap: 4px; }
  .cell { position: relative; min-width: 0; min-height: 0; }`);
const SCRIPT_URL = 'chart-redraw.js';
/** The page's fixed time in a screenshot run: the same data at the same times in every build. */
const SCREENSHOT_TIME = Date.UTC(2026, 11, 5, 12, 0, 0);

/** Self and total ms by function (its original file, line and name). */
function byFunction(
  profile: CpuProfile,
  map: SourceMap,
): { self: Map<string, number>; total: Map<string, number> } {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode): string => {
    const f = n.callFrame;
    if (f.url !== SCRIPT_URL) return f.functionName || f.url || '(native)';
    const e = map.findEntry(f.lineNumber, f.columnNumber) as {
      originalSource?: string;
      originalLine?: number;
      name?: string;
    };
    const file = (e.originalSource ?? '?')
      .replace(/.*node_modules\//, '')
      .replace(/.*\/(renderer|bench)\//, '$1/');
    return `${f.functionName || e.name || '?'} ${file}:${(e.originalLine ?? 0) + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!byId.has(id)) return;
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      stack.push(label(byId.get(at)!));
    if (!stack.some((l) => l.includes(PROFILE_UNDER))) return;
    self.set(stack[0]!, (self.get(stack[0]!) ?? 0) + ms);
    for (const l of new Set(stack)) total.set(l, (total.get(l) ?? 0) + ms);
  });
  return { self, total };
}

const top = (m: Map<string, number>, n: number, per: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `  ${(ms / per).toFixed(3).padStart(7)} ms  ${k}`)
    .join('\n');

const { code, map } = await bundlePageWithMap(new URL('./chart-redraw-page.ts', import.meta.url));
const sourceMap = new SourceMap(JSON.parse(map) as ConstructorParameters<typeof SourceMap>[0]);
const browser = await launchBenchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  if (OPTIONS.keep) await page.clock.setFixedTime(SCREENSHOT_TIME);
  await page.setContent(PAGE);
  await page.addScriptTag({ content: `${code}\n//# sourceURL=${SCRIPT_URL}` });
  const cdp = await page.context().newCDPSession(page);
  if (PROFILE_TOP > 0) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await cdp.send('Profiler.start');
  }
  const r = await page.evaluate((o) => window.runChartRedraw(o), OPTIONS);
  const f = (s: RedrawResult['price']) =>
    `median ${s.median.toFixed(3)} ms, mean ${s.mean.toFixed(3)} ms`;
  console.log(`price chart redraw:  ${f(r.price)}`);
  console.log(`candle chart redraw: ${f(r.candle)}`);
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });
  if (PROFILE_TOP > 0) {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const { self, total } = byFunction(profile, sourceMap);
    const per = OPTIONS.redraws + OPTIONS.warmup;
    console.log(`self time, ms a redraw pair:\n${top(self, PROFILE_TOP, per)}`);
    console.log(`total time, ms a redraw pair:\n${top(total, PROFILE_TOP, per)}`);
  }
} finally {
  await browser.close();
}
