/**
 * A DevTools trace and a V8 CPU profile of one page, for the windows' trace benches
 * (bench/windows-trace.ts, dashboard-alone-trace.ts): started together, stopped together, and
 * the renderer main threads' complete events picked out, with which renderer drew which page.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { CpuProfile } from './cpu-profile';
import { TRACE_CATEGORIES, type TraceEvent } from './trace-self-times';

/** CPU profile sampling interval, µs. */
const SAMPLING_INTERVAL_US = 250;
/**
 * `BENCH_INVALIDATIONS=1` also records which nodes dirtied layout and paint (DevTools'
 * invalidation tracking), which costs the page time of its own.
 */
const INVALIDATIONS = process.env.BENCH_INVALIDATIONS === '1';
const INVALIDATION_CATEGORY = 'disabled-by-default-devtools.timeline.invalidationTracking';
/** The prefix of the `console.timeStamp` label that names a page in the trace. */
const PAGE_STAMP = 'tickdeck-trace-page-';

export interface PageTrace {
  readonly profile: CpuProfile;
  /** Complete (`X`) events on the renderer main threads, of every renderer traced. */
  readonly rendererMains: readonly TraceEvent[];
  /** Invalidation tracking events (`BENCH_INVALIDATIONS=1`), of every renderer traced. */
  readonly invalidations: readonly TraceEvent[];
  /** The renderer process id of each page given to {@link stopPageTrace}, in its order. */
  readonly pids: readonly number[];
}

/** Starts tracing and profiling `page`; hand the session to {@link stopPageTrace}. */
export async function startPageTrace(browser: Browser, page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  const categories = INVALIDATIONS
    ? [...TRACE_CATEGORIES, INVALIDATION_CATEGORY]
    : TRACE_CATEGORIES;
  await browser.startTracing(page, { categories });
  await cdp.send('Profiler.start');
  return cdp;
}

/**
 * Stops the trace and the profile. Each of `pages` stamps the trace from its own renderer's
 * main thread first, so a page's events are told from another's by process id, whichever
 * renderer the browser gave it (pop-outs opened with `noopener` get their own).
 */
export async function stopPageTrace(
  browser: Browser,
  cdp: CDPSession,
  pages: readonly Page[] = [],
): Promise<PageTrace> {
  for (const [i, page] of pages.entries())
    await page.evaluate((label) => console.timeStamp(label), `${PAGE_STAMP}${i}`);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as Pick<PageTrace, 'profile'>;
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: TraceEvent[];
  };
  const names = new Map<string, string>();
  const stamped = new Map<string, number>();
  for (const e of traceEvents) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args!.name!);
    const label = e.name === 'TimeStamp' ? e.args?.data?.message : undefined;
    if (label?.startsWith(PAGE_STAMP)) stamped.set(label, e.pid);
  }
  const pids = pages.map((_, i) => {
    const pid = stamped.get(`${PAGE_STAMP}${i}`);
    if (pid === undefined) throw new Error(`trace: page ${i}'s time stamp is not in the trace`);
    return pid;
  });
  const rendererMains = traceEvents.filter(
    (e) =>
      e.ph === 'X' && e.dur !== undefined && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain',
  );
  const invalidations = traceEvents.filter((e) => e.name.endsWith('InvalidationTracking'));
  return { profile, rendererMains, pids, invalidations };
}
