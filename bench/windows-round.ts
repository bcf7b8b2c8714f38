/**
 * One round of bench/windows.bench.ts: the main dashboard charting an instrument of its own,
 * measured alone and then with three charts popped out of it as windows (windows-popout.ts);
 * each window's frames, tick-to-pixel, redraws and CPU split over the same window, and the
 * browser's processes' CPU.
 */
import type { Browser } from 'playwright-core';
import { HEARTBEAT_INTERVAL_MS, MISSED_BEATS } from '../renderer/src/state/popout-channel';
import { countRedraws } from './canvas-redraws';
import { sleep } from './children';
import { openDashboard, type DashboardPage } from './dashboard-browser';
import { countDomWrites } from './dom-writes';
import { percentile } from './numbers';
import { readList } from './report';
import type { EngineChild } from './stats-process';
import { chartHere, checkPoppedOut, popOutAsWindows, popOutChart } from './windows-popout';
import {
  countRenderers,
  followBrowserCpu,
  followCpu,
  followMachineCpu,
  type CpuSplit,
} from './windows-split';

const WARMUP_MS = 4_000;
const WINDOW_MS = readList('BENCH_WINDOWS_MS', process.env.BENCH_WINDOWS_MS ?? '8000', 120_000)[0]!;
/** The simulator's first market instrument, whatever the seed: popped out, one per source. */
const CHARTED = 'ACME';
/** Its second: what the main window charts itself, alone and with the tabs open. */
const CHARTED_HERE = 'BOLT';
/** Long enough for the main page to see its tabs closed (a bye, or silence) and save that. */
const TABS_CLOSED_MS = HEARTBEAT_INTERVAL_MS * (MISSED_BEATS + 1);

export interface WindowFigures {
  readonly name: string;
  readonly fps: number;
  readonly p99: number;
  /** p99 age of the batches' newest ticks as the page received them: delivery, not drawing. */
  readonly arrivalP99: number;
  readonly dropped: number;
  /** Batches the page received a second: against its fps, how many it drew in one frame. */
  readonly batchesPerS: number;
  /** Canvas redraws a second by chart: a frame may draw one of a batch's charts, or all. */
  readonly redraws: Record<string, number>;
  /** `BENCH_DOM_WRITES=1`: the page's DOM writes a second by part, and the passes writing each. */
  readonly domWrites: string;
  readonly cpu: CpuSplit;
}

/**
 * Lets the pages warm up, then reads each one's frames and CPU split over the same window, and
 * the browser's processes' CPU by type.
 */
async function measure(
  browser: Browser,
  engine: EngineChild,
  pages: readonly { name: string; page: DashboardPage }[],
) {
  await sleep(WARMUP_MS);
  const cpus = await Promise.all(pages.map((p) => followCpu(p.page.page)));
  const redraws = await Promise.all(pages.map((p) => countRedraws(p.page.page)));
  const writes =
    process.env.BENCH_DOM_WRITES === '1'
      ? await Promise.all(pages.map((p) => countDomWrites(p.page.page)))
      : [];
  await Promise.all(writes.map((w) => w.take()));
  await Promise.all(redraws.map((r) => r.take()));
  const processes = await followBrowserCpu(browser);
  const machine = followMachineCpu();
  const engineFrom = await engine.stats();
  await Promise.all(pages.map((p) => p.page.takeFrames()));
  await sleep(WINDOW_MS);
  const frames = await Promise.all(pages.map((p) => p.page.takeFrames()));
  const written = await Promise.all(writes.map((w) => w.take()));
  const drawn = await Promise.all(redraws.map((r) => r.take()));
  const splits = await Promise.all(cpus.map((c) => c.take()));
  const byProcess = await processes.take();
  const busy = machine.take();
  const engineTo = await engine.stats();
  const engineCpu = (engineTo.cpuUs - engineFrom.cpuUs) / WINDOW_MS;
  const renderers = await countRenderers(browser);
  const windows = frames.map((f, i): WindowFigures => ({
    name: pages[i]!.name,
    fps: f.fps,
    p99: percentile(f.latency, 0.99),
    arrivalP99: percentile(f.arrival, 0.99),
    dropped: f.dropped,
    batchesPerS: (f.rounds.length / WINDOW_MS) * 1000,
    redraws: drawn[i]!,
    domWrites: written[i] ? writesNote(written[i]) : '',
    cpu: splits[i]!,
  }));
  return { windows, byProcess, engineCpu, busy, renderers };
}

function writesNote(w: { writes: Record<string, number>; passes: Record<string, number> }) {
  const parts = Object.entries(w.writes).sort((a, b) => b[1] - a[1]);
  return parts
    .map(([k, n]) => `${k} ${n.toFixed(0)} in ${(w.passes[k] ?? 0).toFixed(1)} passes`)
    .join(', ');
}

/**
 * One round: the main page alone, then with a chart of each source popped out beside it; each
 * window's frames and CPU over the same measured window.
 */
export async function round(browser: Browser, engine: EngineChild, sources: readonly string[]) {
  const main = await openDashboard(browser, engine.url);
  const here = `${sources[0]}:${CHARTED_HERE}`;
  const out = sources.map((source) => `${source}:${CHARTED}`);
  const popouts: DashboardPage[] = [];
  try {
    await popOutAsWindows(main.page);
    await chartHere(main.page, here);
    const alone = await measure(browser, engine, [{ name: 'main', page: main }]);
    for (const id of out) popouts.push(await popOutChart(main.page, id));
    await chartHere(main.page, here);
    await checkPoppedOut(main.page, out);
    const four = await measure(browser, engine, [
      { name: 'main', page: main },
      ...popouts.map((page, i) => ({ name: `chart ${out[i]}`, page })),
    ]);
    return {
      alone: alone.windows[0]!,
      aloneProcesses: alone.byProcess,
      four: four.windows,
      fourProcesses: four.byProcess,
      engineCpu: [alone.engineCpu, four.engineCpu],
      renderers: [alone.renderers, four.renderers],
      busy: [alone.busy, four.busy],
    };
  } finally {
    for (const page of popouts) await page.close().catch(() => undefined);
    // The next round's page would otherwise offer this round's tabs back.
    await sleep(TABS_CLOSED_MS);
    await main.close().catch(() => undefined);
  }
}
