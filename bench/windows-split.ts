/**
 * Where each window's CPU goes, for bench/windows.bench.ts: the DevTools protocol's
 * `Performance.getMetrics` per page (its renderer process's main thread split into script,
 * style and layout, and the rest: paint, compositing commit, GC, parsing; and the process's
 * other threads: compositor and raster workers), and `SystemInfo.getProcessInfo` for the
 * browser's processes (the GPU process runs the display compositor in software here). Cheap
 * counters, not a trace: they can run during the measured window without changing it much.
 */
import { cpus } from 'node:os';
import type { Browser, CDPSession, Page } from 'playwright-core';

/** A window's CPU over an interval, ms per second of wall clock. */
export interface CpuSplit {
  readonly script: number;
  readonly styleLayout: number;
  /** Main-thread tasks that are neither script nor style nor layout: paint, commit, GC. */
  readonly otherMain: number;
  /** The renderer process's other threads (compositor, raster workers). */
  readonly offMain: number;
}

const COUNTERS = [
  'Timestamp',
  'TaskDuration',
  'ScriptDuration',
  'LayoutDuration',
  'RecalcStyleDuration',
  'ThreadTime',
  'ProcessTime',
] as const;
type Counters = Record<(typeof COUNTERS)[number], number>;

async function readCounters(cdp: CDPSession): Promise<Counters> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const out = {} as Counters;
  for (const name of COUNTERS) {
    const value = metrics.find((m) => m.name === name)?.value;
    if (value === undefined) throw new Error(`Performance.getMetrics gave no ${name}`);
    out[name] = value;
  }
  return out;
}

/** Follows one page's counters; `take` returns the split since the previous `take`. */
export async function followCpu(page: Page): Promise<{ take(): Promise<CpuSplit> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  let last = await readCounters(cdp);
  return {
    take: async () => {
      const now = await readCounters(cdp);
      const perS = (name: keyof Counters) =>
        ((now[name] - last[name]) / (now.Timestamp - last.Timestamp)) * 1000;
      const script = perS('ScriptDuration');
      const styleLayout = perS('LayoutDuration') + perS('RecalcStyleDuration');
      const split = {
        script,
        styleLayout,
        otherMain: perS('TaskDuration') - script - styleLayout,
        offMain: perS('ProcessTime') - perS('ThreadTime'),
      };
      last = now;
      return split;
    },
  };
}

/** The browser's processes' CPU by type (`renderer`, `GPU`, `browser`, ...), ms per second. */
export async function followBrowserCpu(
  browser: Browser,
): Promise<{ take(): Promise<Record<string, number>> }> {
  const cdp = await browser.newBrowserCDPSession();
  const read = async () => {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const byType: Record<string, number> = {};
    for (const p of processInfo) byType[p.type] = (byType[p.type] ?? 0) + p.cpuTime;
    return { at: performance.now(), byType };
  };
  let last = await read();
  return {
    take: async () => {
      const now = await read();
      const seconds = (now.at - last.at) / 1000;
      const out: Record<string, number> = {};
      for (const [type, cpu] of Object.entries(now.byType))
        out[type] = ((cpu - (last.byType[type] ?? 0)) / seconds) * 1000;
      last = now;
      return out;
    },
  };
}

/**
 * How many renderer processes the browser runs now: a pop-out tab opened without its opener
 * gets one of its own, so four windows show as four more than the main page's alone.
 */
export async function countRenderers(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    return processInfo.filter((p) => p.type === 'renderer').length;
  } finally {
    await cdp.detach();
  }
}

/** A split as a note: `script 120 / style+layout 30 / other main 80 / other threads 60 ms/s`. */
export function splitNote(s: CpuSplit): string {
  const r = (v: number) => Math.round(v);
  return `script ${r(s.script)} / style+layout ${r(s.styleLayout)} / other main ${r(s.otherMain)} / other threads ${r(s.offMain)} ms/s`;
}

/** Main-thread CPU of a split, ms/s. */
export const mainThread = (s: CpuSplit): number => s.script + s.styleLayout + s.otherMain;

/** Processes' CPU as a note: `renderer 900 / GPU 300 / browser 40 ms/s`, largest first. */
export function processNote(byType: Record<string, number>): string {
  const sorted = Object.entries(byType).sort((a, b) => b[1] - a[1]);
  return `${sorted.map(([type, ms]) => `${type} ${Math.round(ms)}`).join(' / ')} ms/s`;
}

/** All processes' CPU, ms/s. */
export const totalCpu = (byType: Record<string, number>): number =>
  Object.values(byType).reduce((sum, ms) => sum + ms, 0);

/** The whole machine's busy CPU (every process, every core), ms per second. */
export function followMachineCpu(): { take(): number } {
  const read = () => ({
    at: performance.now(),
    busy: cpus().reduce(
      (sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq,
      0,
    ),
  });
  let last = read();
  return {
    take: () => {
      const now = read();
      const busy = ((now.busy - last.busy) / (now.at - last.at)) * 1000;
      last = now;
      return busy;
    },
  };
}
