/**
 * Headless Chromium for the benches, as the e2e tests launch it, and the dashboard opened in it
 * with the frame probe (frame-probe.ts) and the DevTools figures read from then on.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import type { TickdeckMetrics } from '../renderer/src/state/frame-metrics';
import { sleep } from './children';
import { FRAME_PROBE, FRAME_PROBE_ON_LOAD, frameStats, type FrameStats } from './frame-probe';

/** Headless Chromium as the e2e tests launch it, with precise heap figures. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--enable-precise-memory-info',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
    ],
  });
}

export interface DashboardPage {
  readonly page: Page;
  /** The renderer's own figures (renderer/src/state/frame-metrics.ts). */
  metrics(): Promise<TickdeckMetrics | null>;
  /** Frame pacing and draw work since the previous call. */
  takeFrames(): Promise<FrameStats>;
  /** Main-thread busy time (s) and JS heap (bytes) of the page, from the DevTools protocol. */
  cdpMetrics(): Promise<{ taskS: number; heapUsed: number }>;
  /** Bytes of ArrayBuffer and external string storage (mostly the page's history rings). */
  arrayBufferBytes(): Promise<number>;
  /** Collects the page's garbage (heap figures then mean retained). */
  gc(): Promise<void>;
  close(): Promise<void>;
}

/** How long the dashboard may take to draw its first batch. */
export const OPEN_TIMEOUT_MS = 20_000;

/** Opens the dashboard at `url` and waits until it has drawn a batch. */
export async function openDashboard(browser: Browser, url: string): Promise<DashboardPage> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  try {
    // On the context, not the page: the tabs the page opens (its pop-outs) are probed too.
    await page.context().addInitScript(FRAME_PROBE_ON_LOAD);
    await page.goto(url, { waitUntil: 'commit', timeout: OPEN_TIMEOUT_MS });
  } catch (err) {
    await Promise.race([page.close().catch(() => undefined), sleep(5_000)]);
    throw err;
  }
  return watchDashboard(page);
}

/**
 * Waits until a dashboard page opened in a context of `openDashboard` (itself, or a tab it
 * opened) has drawn a batch, and reads its frames and metrics from then on.
 */
export async function watchDashboard(page: Page): Promise<DashboardPage> {
  let cdp: CDPSession;
  try {
    await page.waitForFunction(() => (window.__tickdeckMetrics?.frames ?? 0) > 0, undefined, {
      timeout: OPEN_TIMEOUT_MS,
    });
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
  } catch (err) {
    // A page too busy to answer may not close either; the browser's close ends it for sure.
    await Promise.race([page.close().catch(() => undefined), sleep(5_000)]);
    throw err;
  }
  return {
    page,
    metrics: () => page.evaluate(() => window.__tickdeckMetrics ?? null),
    takeFrames: async () => {
      const { ts, workAt, latency, arrival, rounds } = await page.evaluate(() =>
        window.__benchTake(),
      );
      return frameStats(ts, workAt, latency, arrival, rounds);
    },
    cdpMetrics: async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
      return { taskS: get('TaskDuration'), heapUsed: get('JSHeapUsedSize') };
    },
    arrayBufferBytes: async () => {
      return (await cdp.send('Runtime.getHeapUsage')).backingStorageSize;
    },
    gc: async () => {
      await cdp.send('HeapProfiler.collectGarbage');
    },
    close: () => page.close(),
  };
}

/**
 * Frames per second headless Chromium gives a page that does nothing but count frames: the
 * ceiling every dashboard figure is compared with.
 */
export async function idleFrameRate(browser: Browser, ms = 3_000): Promise<FrameStats> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  try {
    await page.setContent('<!doctype html><title>idle</title>');
    await page.evaluate(FRAME_PROBE);
    await sleep(ms);
    const { ts, workAt, latency } = await page.evaluate(() => window.__benchTake());
    return frameStats(ts, workAt, latency);
  } finally {
    await page.close();
  }
}
