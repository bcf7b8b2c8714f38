/**
 * The trace half of bench/dashboard-alone.ts: a DevTools trace and a CPU profile of one page,
 * its main thread's self time by kind, its layouts, and the profile's self and total time by
 * function.
 */
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { startPageTrace, stopPageTrace } from './page-trace';
import { sleep } from './children';
import type { DashboardPage } from './dashboard-browser';
import { kindOf, selfTimes } from './trace-self-times';

/** The load average, as the tables print it. */
export const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

/** A trace and a CPU profile of one page; prints its main thread's self time by kind. */
export async function tracePage(
  browser: Browser,
  name: string,
  page: DashboardPage,
  seconds: number,
) {
  const cdp = await startPageTrace(browser, page.page);
  await page.takeFrames();
  await sleep(seconds * 1000);
  const { fps } = await page.takeFrames();
  const { profile, rendererMains, pids, invalidations } = await stopPageTrace(browser, cdp, [
    page.page,
  ]);
  const thread = rendererMains.filter((e) => e.pid === pids[0]);
  const byKind = new Map<string, number>();
  // The kind DevTools files under none, by event: what "other" is made of.
  const byEvent = new Map<string, number>();
  for (const [e, us] of selfTimes(thread)) {
    const kind = kindOf(e.name) ?? 'other';
    byKind.set(kind, (byKind.get(kind) ?? 0) + us);
    if (kind === 'other') byEvent.set(e.name, (byEvent.get(e.name) ?? 0) + us);
  }
  // The same in the thread's CPU time: what the load's waits for a core do not inflate.
  const cpuByKind = new Map<string, number>();
  for (const [e, us] of selfTimes(thread, 'tdur')) {
    const kind = kindOf(e.name) ?? 'other';
    cpuByKind.set(kind, (cpuByKind.get(kind) ?? 0) + us);
  }
  const node = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (id: number) => {
    const f = node.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
  };
  const byFunction = new Map<string, number>();
  // Inclusive time: each function on a sample's stack once, however often it recurs there.
  const inclusive = new Map<string, number>();
  for (const [i, id] of profile.samples.entries()) {
    const dt = profile.timeDeltas[i] ?? 0;
    byFunction.set(keyOf(id), (byFunction.get(keyOf(id)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      seen.add(keyOf(at));
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
  const frames = Math.max(1, fps * seconds);
  const table = (title: string, rows: Map<string, number>, top: number) => {
    console.log(`\n${title}\n| what | ms/s | ms a frame |\n|---|---|---|`);
    for (const [k, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `| ${k} | ${(us / 1e3 / seconds).toFixed(1)} | ${(us / 1e3 / frames).toFixed(2)} |`,
      );
  };
  console.log(`\n## ${name}: ${seconds} s traced at ${fps.toFixed(1)} fps, load average ${load()}`);
  const layouts = thread.filter((e) => e.name === 'Layout').map((e) => e.args?.beginData ?? {});
  const mean = (f: (d: (typeof layouts)[number]) => number) =>
    (layouts.reduce((sum, d) => sum + f(d), 0) / Math.max(1, layouts.length)).toFixed(0);
  console.log(
    `layouts a frame ${(layouts.length / frames).toFixed(2)}, objects a layout ${mean((d) => d.totalObjects ?? 0)} (dirty ${mean((d) => d.dirtyObjects ?? 0)}), ` +
      // Partial: laid out from a relayout boundary, not the document's root.
      `partial ${layouts.filter((d) => d.partialLayout).length} of ${layouts.length}`,
  );
  if (process.env.TRACE_SCREENSHOT)
    await page.page.screenshot({
      path: `${process.env.TRACE_SCREENSHOT}-${name.split(' ')[0]}.png`,
    });
  table('Main thread by kind (self time)', byKind, 12);
  table('Main thread by kind (self time, thread CPU)', cpuByKind, 12);
  table('Its "other" by event', byEvent, 10);
  if (invalidations.length > 0) {
    // Which nodes dirtied style, layout or paint, and why: counted a second (batches, not
    // frames, make them: the load changes frames far more than batches), not timed.
    const counts = new Map<string, number>();
    for (const e of invalidations.filter((i) => i.pid === pids[0])) {
      const k = `${e.name.replace('InvalidationTracking', '')}: ${e.args?.data?.nodeName ?? '?'} (${e.args?.data?.reason ?? ''})`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    console.log('\nInvalidations a second, by node and reason\n| what | a second |\n|---|---|');
    for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 40))
      console.log(`| ${k} | ${(n / seconds).toFixed(0)} |`);
  }
  table('CPU profile, self time by function', byFunction, 25);
  table('CPU profile, total time by function (itself and what it calls)', inclusive, 40);
}
