/**
 * A DevTools trace and a V8 CPU profile of one page, for the windows' trace benches
 * (bench/windows-trace.ts, dashboard-alone-trace.ts): started together, stopped together, and
 * the renderer main threads' complete events picked out.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { TRACE_CATEGORIES, type ProfileNode, type TraceEvent } from './trace-self-times';

/** CPU profile sampling interval, µs. */
const SAMPLING_INTERVAL_US = 250;

export interface PageTrace {
  readonly profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  /** Complete (`X`) events on the renderer main threads, of every renderer traced. */
  readonly rendererMains: readonly TraceEvent[];
}

/** Starts tracing and profiling `page`; hand the session to {@link stopPageTrace}. */
export async function startPageTrace(browser: Browser, page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await cdp.send('Profiler.start');
  return cdp;
}

export async function stopPageTrace(browser: Browser, cdp: CDPSession): Promise<PageTrace> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as Pick<PageTrace, 'profile'>;
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: TraceEvent[];
  };
  const names = new Map<string, string>();
  for (const e of traceEvents)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args!.name!);
  const rendererMains = traceEvents.filter(
    (e) =>
      e.ph === 'X' && e.dur !== undefined && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain',
  );
  return { profile, rendererMains };
}
