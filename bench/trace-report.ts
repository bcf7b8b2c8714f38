/**
 * The traced page bench/dashboard-trace.ts reports on, the markdown tables it prints, and its
 * first tables: the page's main thread by kind of work, and the other threads.
 */
import { kindOf, selfTimes, type TraceEvent } from './trace-self-times';

/** One page's trace, its events picked out and its frames counted. */
export interface TracedPage {
  /** Every event of the trace, of every process. */
  readonly events: readonly TraceEvent[];
  /** Complete spans (begin/end pairs joined) of every thread. */
  readonly spans: readonly TraceEvent[];
  /** The page's renderer main thread's spans. */
  readonly main: readonly TraceEvent[];
  readonly pid: number;
  /** Main-thread frames begun over the trace. */
  readonly frames: number;
  readonly seconds: number;
  /** The name of the thread an event ran on. */
  readonly thread: (e: TraceEvent) => string;
}

export const ms = (us: number) => (us / 1000).toFixed(1);

/** µs over the trace as ms a second and ms a frame. */
export function rates(page: TracedPage) {
  return {
    perSec: (us: number) => ms(us / page.seconds),
    perFrame: (us: number) => ms(us / Math.max(1, page.frames)),
  };
}

export function table(title: string, head: string[], rows: (string | number)[][]): void {
  console.log(`\n${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

/** Begin/end pairs as complete events, so one sweep handles both. */
export function completeSpans(events: readonly TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  const open = new Map<string, TraceEvent[]>();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    const key = `${e.tid}:${e.name}`;
    if (e.ph === 'B') open.set(key, [...(open.get(key) ?? []), e]);
    else if (e.ph === 'E') {
      const begin = open.get(key)?.pop();
      if (begin)
        out.push({ ...begin, ph: 'X', dur: e.ts - begin.ts, args: { ...begin.args, ...e.args } });
    } else if (e.ph === 'X') out.push(e);
  }
  return out;
}

/** Main thread by kind and its unnamed work by event; raster, compositor and Viz threads. */
export function printThreads(page: TracedPage, self: ReadonlyMap<TraceEvent, number>): void {
  const { perSec, perFrame } = rates(page);
  const byKind = new Map<string, number>();
  for (const [e, us] of self) {
    const kind = kindOf(e.name);
    if (kind) byKind.set(kind, (byKind.get(kind) ?? 0) + us);
  }
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  // What the kinds above do not name, by event, to see what hides in "other".
  const unnamed = new Map<string, number>();
  for (const [e, us] of self)
    if (kindOf(e.name) === null) unnamed.set(e.name, (unnamed.get(e.name) ?? 0) + us);
  // Other threads: raster workers, the compositor, and Viz's display compositor (software).
  const others = new Map<string, number>();
  for (const e of page.spans) {
    const name = page.thread(e);
    if (name === 'CrRendererMain' || e.pid !== page.pid) {
      if (!/Viz|CrGpuMain|VizCompositor/.test(name)) continue;
    }
    if (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') continue;
    const key = /CompositorTileWorker/.test(name) ? 'raster (tile workers)' : name;
    if (key === 'CrRendererMain') continue;
    others.set(key, (others.get(key) ?? 0) + e.dur!);
  }
  // What the compositor and the display compositor (Viz, software) spend their time on.
  const offMain = new Map<string, number>();
  for (const name of ['Compositor', 'VizCompositorThread']) {
    const on = page.spans.filter(
      (e) => page.thread(e) === name && (name !== 'Compositor' || e.pid === page.pid),
    );
    for (const [e, us] of selfTimes(on)) {
      const key = `${name}: ${e.name}`;
      offMain.set(key, (offMain.get(key) ?? 0) + us);
    }
  }
  const ranked = (m: Map<string, number>, top: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, perSec(us), perFrame(us)]);
  table(
    'Main thread by kind of work (self time)',
    ['work', 'ms/s', 'ms/frame', 'share of busy'],
    [
      ...byKind.entries(),
      [
        'other (task overhead, idle tasks)',
        busy - [...byKind.values()].reduce((a, b) => a + b, 0),
      ] as [string, number],
    ]
      .sort((a, b) => b[1] - a[1])
      .map(([k, us]) => [k, perSec(us), perFrame(us), `${((100 * us) / busy).toFixed(0)} %`]),
  );
  table(
    'Main thread, other work by event (top 10)',
    ['event', 'ms/s', 'ms/frame'],
    ranked(unnamed, 10),
  );
  table('Other threads (task time)', ['thread', 'ms/s', 'ms/frame'], ranked(others, Infinity));
  table(
    'Compositor and Viz threads by event (self time, top 12)',
    ['thread: event', 'ms/s', 'ms/frame'],
    ranked(offMain, 12),
  );
}
