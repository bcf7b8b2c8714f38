/**
 * One point of bench/scale.bench.ts's end-to-end curves: the whole product path (simulator,
 * engine, browser mode, headless Chromium) at one rate and instrument count, measured for
 * MEASURE_MS after WARMUP_MS; a point that does not finish in POINT_DEADLINE_MS, or where the
 * dashboard does not open, is recorded as failed rather than losing the curve.
 */
import type { Browser } from 'playwright-core';
import { FLOW_WINDOW } from '../protocol/batch';
import { DEFAULT_SETTINGS } from '../protocol/ipc';
import { formatTimeline, splitTimeline, type TimelineSplit } from './batch-timeline';
import { sleep } from './children';
import { openDashboard, type DashboardPage } from './dashboard-browser';
import { bookLevelsSetting } from './product-processes';
import { formatSplit, splitRoundTrips, type RoundTripSplit } from './round-trip';
import { startStack, type Stack } from './stack';

/** A point that takes longer than this is recorded as failed and its processes stopped. */
const POINT_DEADLINE_MS = 60_000;
const WARMUP_MS = 3_000;
export const MEASURE_MS = 5_000;
const PER = 100_000;
/**
 * BENCH_SCALE_TIMELINE=1 probes the engine's worker for each point's batch timeline
 * (bench/batch-timeline.ts). Off by default: its 2 ms probe timer runs on the engine's thread.
 */
const TIMELINE = process.env.BENCH_SCALE_TIMELINE === '1';
/** The simulator's book levels a side; absent, its default (books on). */
const BOOK_LEVELS = bookLevelsSetting('BENCH_SCALE_BOOK_LEVELS');

/** One point of an end-to-end curve. */
export interface Point {
  readonly label: string;
  readonly ticksPerSec: number;
  readonly engineCpuPct: number;
  readonly engineMsPer100k: number;
  readonly batchBytes: number;
  readonly bytesPerSec: number;
  readonly batchesPerSec: number;
  readonly pageBusyPct: number;
  readonly drawP95Ms: number;
  readonly fps: number;
  /** Where each batch's round trip went (absent where the page did not open). */
  readonly split?: RoundTripSplit;
  /** The grid's slots and each stage of a batch, with BENCH_SCALE_TIMELINE=1. */
  readonly timeline?: TimelineSplit;
  /** The dashboard did not draw within OPEN_TIMEOUT_MS: page figures are missing. */
  readonly failed?: boolean;
}

/** A point where even the engine process did not survive. */
function deadPoint(label: string): Point {
  const nan = NaN;
  return {
    label,
    ticksPerSec: nan,
    engineCpuPct: nan,
    engineMsPer100k: nan,
    batchBytes: nan,
    bytesPerSec: nan,
    batchesPerSec: nan,
    pageBusyPct: nan,
    drawP95Ms: nan,
    fps: nan,
  };
}

/** Engine figures alone, for a point where the dashboard could not open. */
async function enginePoint(stack: Stack, label: string): Promise<Point> {
  const e0 = await stack.engine.stats();
  const start = performance.now();
  await sleep(MEASURE_MS);
  const e1 = await stack.engine.stats();
  const seconds = (performance.now() - start) / 1000;
  const ticks = e1.ticksTotal - e0.ticksTotal;
  const cpuMs = (e1.cpuUs - e0.cpuUs) / 1000;
  const batches = e1.batches - e0.batches;
  return {
    label,
    ticksPerSec: ticks / seconds,
    engineCpuPct: cpuMs / 10 / seconds,
    engineMsPer100k: ticks ? (cpuMs / ticks) * PER : NaN,
    batchBytes: batches ? (e1.bytesSent - e0.bytesSent) / batches : NaN,
    bytesPerSec: (e1.bytesSent - e0.bytesSent) / seconds,
    batchesPerSec: batches / seconds,
    pageBusyPct: NaN,
    drawP95Ms: NaN,
    fps: NaN,
  };
}

export async function point(
  browser: Browser,
  label: string,
  rate: number,
  instruments?: number,
): Promise<Point> {
  const stack = await startStack({
    rate,
    instruments,
    timeline: TIMELINE,
    bookLevels: BOOK_LEVELS,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Point>((resolve) => {
    timer = setTimeout(() => {
      console.log(`  ${label.padEnd(22)} no result within ${POINT_DEADLINE_MS / 1000} s`);
      resolve({ ...deadPoint(label), failed: true });
    }, POINT_DEADLINE_MS);
  });
  try {
    return await Promise.race([measurePoint(browser, stack, label), deadline]);
  } finally {
    clearTimeout(timer);
    await stack.stop();
  }
}

async function measurePoint(browser: Browser, stack: Stack, label: string): Promise<Point> {
  {
    let page: DashboardPage;
    try {
      page = await openDashboard(browser, stack.engine.url);
    } catch (err) {
      // A point the dashboard cannot even open at is a result, not a reason to lose the curve.
      console.log(
        `  ${label.padEnd(22)} dashboard did not open: ${(err as Error).message.split('\n')[0]}`,
      );
      return { ...(await enginePoint(stack, label).catch(() => deadPoint(label))), failed: true };
    }
    try {
      await sleep(WARMUP_MS);
      await page.takeFrames();
      if (TIMELINE) await stack.engine.timeline(); // from here on
      const e0 = await stack.engine.stats();
      const c0 = await page.cdpMetrics();
      const start = performance.now();
      await sleep(MEASURE_MS);
      const frames = await page.takeFrames();
      const e1 = await stack.engine.stats();
      const c1 = await page.cdpMetrics();
      const worker = TIMELINE ? await stack.engine.timeline() : null;
      const seconds = (performance.now() - start) / 1000;
      const ticks = e1.ticksTotal - e0.ticksTotal;
      const cpuMs = (e1.cpuUs - e0.cpuUs) / 1000;
      const batches = e1.batches - e0.batches;
      const p: Point = {
        label,
        ticksPerSec: ticks / seconds,
        engineCpuPct: cpuMs / 10 / seconds,
        engineMsPer100k: (cpuMs / ticks) * PER,
        batchBytes: batches ? (e1.bytesSent - e0.bytesSent) / batches : 0,
        bytesPerSec: (e1.bytesSent - e0.bytesSent) / seconds,
        batchesPerSec: batches / seconds,
        pageBusyPct: ((c1.taskS - c0.taskS) / seconds) * 100,
        drawP95Ms: frames.drawP95Ms,
        fps: frames.fps,
        split: splitRoundTrips(frames.rounds, 1_000 / DEFAULT_SETTINGS.batchHz),
        ...(worker && {
          timeline: splitTimeline(
            worker,
            frames.rounds,
            1_000 / DEFAULT_SETTINGS.batchHz,
            FLOW_WINDOW,
          ),
        }),
      };
      console.log(
        `  ${label.padEnd(22)} ${Math.round(p.ticksPerSec).toLocaleString('en-US').padStart(9)} ticks/s | ` +
          `engine ${p.engineCpuPct.toFixed(0).padStart(3)} % = ${p.engineMsPer100k.toFixed(0).padStart(5)} ms/100k ticks | ` +
          `${Math.round(p.batchBytes).toLocaleString('en-US').padStart(8)} B/batch × ${p.batchesPerSec.toFixed(0)}/s | ` +
          `page ${p.pageBusyPct.toFixed(0).padStart(3)} % busy, draw p95 ${p.drawP95Ms.toFixed(1)} ms, ${p.fps.toFixed(0)} fps\n` +
          `  ${''.padEnd(22)} ${formatSplit(p.split!)}` +
          (p.timeline ? `\n  ${''.padEnd(22)} ${formatTimeline(p.timeline)}` : ''),
      );
      return p;
    } finally {
      await page.close();
    }
  }
}
