/**
 * Where a frame of the full dashboard goes (issue 18, Speed): runs one configuration of
 * bench/dashboard-full.bench.ts's page in headless Chromium under a Chromium performance trace
 * and a CPU profile at once, and prints ranked tables: main-thread time by kind (script, style,
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
import type { CDPSession } from 'playwright-core';
import { OPTIONS, PAGE } from './dashboard-full.bench';
import type { FullMode } from './dashboard-full-page';
import { bundlePageWithMap, launchBenchBrowser } from './dashboard-harness';
import { kindOf, selfTimes, type TraceEvent } from './trace-self-times';

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

/** Begin/end pairs as complete events, so one sweep handles both. */
function completeSpans(events: readonly TraceEvent[]): TraceEvent[] {
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

const quadArea = (q: readonly number[]) =>
  Math.abs(
    q[0]! * q[3]! -
      q[2]! * q[1]! +
      (q[2]! * q[5]! - q[4]! * q[3]!) +
      (q[4]! * q[7]! - q[6]! * q[5]!) +
      (q[6]! * q[1]! - q[0]! * q[7]!),
  ) / 2;

const ms = (us: number) => (us / 1000).toFixed(1);

function table(title: string, head: string[], rows: (string | number)[][]): void {
  console.log(`\n${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

/** A short name for an element: tag, test id or class. */
async function describeNodes(cdp: CDPSession, backendIds: number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  await cdp.send('DOM.getDocument', { depth: 0 });
  for (const id of backendIds) {
    try {
      const { node } = await cdp.send('DOM.describeNode', { backendNodeId: id, depth: 0 });
      const attrs = node.attributes ?? [];
      const attr = (n: string) => {
        const i = attrs.indexOf(n);
        return i >= 0 ? attrs[i + 1] : undefined;
      };
      const testid = attr('data-testid');
      const cls = attr('class')
        ?.split(/\s+/)
        .filter((c) => !c.startsWith('svelte-'))[0];
      names.set(
        id,
        `${node.localName || node.nodeName}${testid ? `[${testid}]` : cls ? `.${cls}` : ''}`,
      );
    } catch {
      names.set(id, `node ${id} (gone)`);
    }
  }
  return names;
}

/** The file a bundled position came from, shortened to what a reader knows it by. */
function sourceFile(map: SourceMap, line: number, column: number): string {
  const entry = map.findEntry(line, column) as { originalSource?: string };
  const src = entry.originalSource ?? '';
  const lib = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src);
  if (lib) return lib[1]!;
  const own =
    /(renderer\/src\/.*|bench\/.*|protocol\/.*|shared\/.*|main\/.*|test-support\/.*)$/.exec(src);
  return own ? own[1]! : src || '(unmapped)';
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/**
 * Script by file: each sample's time goes to the innermost frame in our own code (renderer,
 * bench, protocol), so Chart.js, Svelte and canvas calls count for the file that called them;
 * and, beside it, the self time of the libraries.
 */
function scriptByFile(
  profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] },
  map: SourceMap,
): { own: Map<string, number>; self: Map<string, number>; fns: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fileOf = new Map<number, string>();
  const file = (n: ProfileNode): string => {
    let f = fileOf.get(n.id);
    if (f === undefined) {
      const { url, lineNumber, columnNumber, functionName } = n.callFrame;
      f = url.endsWith(SCRIPT_URL)
        ? sourceFile(map, lineNumber, columnNumber)
        : url
          ? '(other script)'
          : functionName.startsWith('(')
            ? functionName
            : `(native ${functionName || 'code'})`;
      fileOf.set(n.id, f);
    }
    return f;
  };
  const fnOf = new Map<number, string>();
  const fn = (n: ProfileNode): string => {
    let f = fnOf.get(n.id);
    if (f === undefined) {
      const { url, lineNumber, columnNumber } = n.callFrame;
      const e = url.endsWith(SCRIPT_URL)
        ? (map.findEntry(lineNumber, columnNumber) as {
            originalSource?: string;
            originalLine?: number;
            name?: string;
          })
        : {};
      f = e.originalSource
        ? `${sourceFile(map, lineNumber, columnNumber)}:${(e.originalLine ?? 0) + 1} ${e.name ?? ''}`
        : file(n);
      fnOf.set(n.id, f);
    }
    return f;
  };
  const isOwn = (f: string) => /^(renderer|bench|protocol|shared|main|test-support)\//.test(f);
  const own = new Map<string, number>();
  const self = new Map<string, number>();
  const fns = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const leaf = byId.get(id)!;
    add(self, file(leaf), dt);
    add(fns, fn(leaf), dt);
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const f = file(n);
      if (isOwn(f)) return void add(own, f, dt);
    }
    add(own, file(leaf).startsWith('(') ? file(leaf) : `${file(leaf)} (no own caller)`, dt);
  });
  return { own, self, fns };
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
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: Parameters<typeof scriptByFile>[0] & { startTime: number; endTime: number };
    };
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: TraceEvent[];
    };
    const events = trace.traceEvents;
    if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, JSON.stringify(trace));
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
    )[0];
    const main = mains.filter((e) => e.pid === pid);
    const t0 = Math.min(...main.map((e) => e.ts));
    const t1 = Math.max(...main.map((e) => e.ts + e.dur!));
    const seconds = (t1 - t0) / 1e6;
    // A frame the page drew: one main-thread frame begun (several rAF callbacks run in each).
    const frames = events.filter(
      (e) => e.pid === pid && (e.name === 'BeginMainThreadFrame' || e.name === 'BeginMainFrame'),
    ).length;
    const perSec = (us: number) => ms(us / seconds);
    const perFrame = (us: number) => ms(us / Math.max(1, frames));

    const self = selfTimes(main);
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
    for (const e of spans) {
      const name = thread(e);
      if (name === 'CrRendererMain' || e.pid !== pid) {
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
      const on = spans.filter(
        (e) => thread(e) === name && (name !== 'Compositor' || e.pid === pid),
      );
      for (const [e, us] of selfTimes(on)) {
        const key = `${name}: ${e.name}`;
        offMain.set(key, (offMain.get(key) ?? 0) + us);
      }
    }
    const rasterTasks = spans.filter((e) => e.name === 'RasterTask' && e.pid === pid);

    const load = loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
    console.log(
      `# ${mode} dashboard, ${seconds.toFixed(1)} s traced, ${frames} frames (${(frames / seconds).toFixed(1)} fps under tracing), load average ${load}`,
    );
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
      [...unnamed.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([k, us]) => [k, perSec(us), perFrame(us)]),
    );
    table(
      'Other threads (task time)',
      ['thread', 'ms/s', 'ms/frame'],
      [...others.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, us]) => [k, perSec(us), perFrame(us)]),
    );

    table(
      'Compositor and Viz threads by event (self time, top 12)',
      ['thread: event', 'ms/s', 'ms/frame'],
      [...offMain.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([k, us]) => [k, perSec(us), perFrame(us)]),
    );

    // Paint by element: which nodes repaint, how often, how much area.
    const paints = main.filter((e) => e.name === 'Paint');
    const byNode = new Map<number, { us: number; count: number; area: number; layer: number }>();
    for (const e of paints) {
      const d = (e.args?.data ?? {}) as { nodeId?: number; clip?: number[]; layerId?: number };
      const id = d.nodeId ?? -1;
      const s = byNode.get(id) ?? { us: 0, count: 0, area: 0, layer: d.layerId ?? -1 };
      s.us += self.get(e) ?? e.dur!;
      s.count++;
      s.area += d.clip ? quadArea(d.clip) : 0;
      byNode.set(id, s);
    }
    const names = await describeNodes(
      cdp,
      [...byNode.keys()].filter((id) => id > 0),
    );
    const layerName = new Map<number, string>();
    // Elements of one kind (every ladder size, every tape row) summed into one line.
    const byName = new Map<string, { us: number; count: number; area: number; nodes: number }>();
    for (const [id, s] of byNode) {
      const name = names.get(id) ?? `node ${id}`;
      layerName.set(s.layer, name);
      const g = byName.get(name) ?? { us: 0, count: 0, area: 0, nodes: 0 };
      g.us += s.us;
      g.count += s.count;
      g.area += s.area;
      g.nodes++;
      byName.set(name, g);
    }
    table(
      'Paint by element (Paint events: self time, paints and invalidated area, summed over elements of one kind)',
      ['element', 'elements', 'ms/s', 'paints/frame', 'area/frame, px²'],
      [...byName.entries()]
        .sort((a, b) => b[1].us - a[1].us)
        .slice(0, 15)
        .map(([name, g]) => [
          name,
          g.nodes,
          perSec(g.us),
          (g.count / Math.max(1, frames)).toFixed(2),
          Math.round(g.area / Math.max(1, frames)).toLocaleString('en-US'),
        ]),
    );
    const byLayer = new Map<number, { us: number; count: number }>();
    for (const e of rasterTasks) {
      const layer = e.args?.tileData?.layerId ?? -1;
      const s = byLayer.get(layer) ?? { us: 0, count: 0 };
      s.us += e.dur!;
      s.count++;
      byLayer.set(layer, s);
    }
    table(
      'Raster by layer (RasterTask on the tile workers)',
      ['layer', 'painted element', 'ms/s', 'tiles/frame'],
      [...byLayer.entries()]
        .sort((a, b) => b[1].us - a[1].us)
        .map(([l, s]) => [
          l,
          layerName.get(l) ?? '?',
          perSec(s.us),
          (s.count / Math.max(1, frames)).toFixed(2),
        ]),
    );
    const layouts = main.filter((e) => e.name === 'Layout');
    const dirty = layouts.map((e) =>
      Number((e.args?.beginData as { dirtyObjects?: number })?.dirtyObjects ?? 0),
    );
    const styles = main.filter((e) => e.name === 'UpdateLayoutTree');
    const elementCounts = styles.map((e) =>
      Number(
        (e.args?.elementCount as number | undefined) ??
          (e.args?.data?.elementCount as number | undefined) ??
          0,
      ),
    );
    console.log(
      `\nLayouts: ${(layouts.length / frames).toFixed(2)} a frame, dirty objects median ${dirty.sort((a, b) => a - b)[dirty.length >> 1] ?? 0}; style recalcs: ${(styles.length / frames).toFixed(2)} a frame, elements median ${elementCounts.sort((a, b) => a - b)[elementCounts.length >> 1] ?? 0}`,
    );
    const invalidations = new Map<string, number>();
    for (const e of events)
      if (/InvalidationTracking/.test(e.name) && e.pid === pid) {
        const d = e.args?.data ?? {};
        const key =
          `${e.name}: ${String(d.nodeName ?? '?')} (${String(d.reason ?? d.invalidationSet ?? '')})`.slice(
            0,
            110,
          );
        invalidations.set(key, (invalidations.get(key) ?? 0) + 1);
      }
    table(
      'Invalidations (top 15)',
      ['invalidation', 'per frame'],
      [...invalidations.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([k, n]) => [k, (n / frames).toFixed(2)]),
    );

    const { own, self: libSelf, fns } = scriptByFile(profile, sourceMap);
    const profileSec = (profile.endTime - profile.startTime) / 1e6;
    const rank = (m: Map<string, number>) =>
      [...m.entries()]
        .filter(([k]) => k !== '(idle)')
        .filter(([, us]) => us / profileSec >= 1000)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([k, us]) => [k, ms(us / profileSec), ms(us / profileSec / (frames / seconds))]);
    table(
      'Script by own file (time in it and in what it called)',
      ['file', 'ms/s', 'ms/frame'],
      rank(own),
    );
    table(
      'Script self time by file (libraries by package)',
      ['file', 'ms/s', 'ms/frame'],
      rank(libSelf),
    );
    table(
      'Script self time by function (source line of the function, top 20)',
      ['function', 'ms/s', 'ms/frame'],
      rank(fns),
    );
    await running;
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
