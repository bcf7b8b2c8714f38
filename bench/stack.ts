/**
 * The whole product path for end-to-end benchmarks: the seeded simulator (a child process) →
 * the engine and browser-mode web host (bench/engine-process.ts, a child process) → the built
 * dashboard in headless Chromium. Each part runs in its own process, so CPU and heap are
 * measured per part, as a user's machine would run them (Electron main, renderer, feed).
 *
 * Everything started here is stopped by the `stop`/`close` functions it returns; callers use
 * try/finally.
 */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { build } from 'vite';
import type { TickdeckMetrics } from '../renderer/src/state/frame-metrics';
import type { EngineLag, EngineStats, EngineTimeline } from './engine-process';
import type { BatchRound } from './round-trip';

/** A child started with stdin and stdout piped, stderr inherited. */
type Child = ChildProcessByStdio<Writable, Readable, null>;

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The display interval headless Chromium paces animation frames to. */
export const VSYNC_MS = 1000 / 60;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile (0..1); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Stops a child process and waits for it to exit (SIGKILL after a grace period). `askedMs`: the
 * child was asked to exit and gets this long to do so itself before SIGTERM, so what it writes
 * at exit (`--cpu-prof`'s profiles) is written.
 */
async function stopChild(child: Child, graceMs = 3_000, askedMs = 0): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (askedMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise((resolve) => (timer = setTimeout(resolve, askedMs)));
    await Promise.race([exited, waited]);
    clearTimeout(timer);
    if (child.exitCode !== null || child.signalCode !== null) return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
function firstMatch(child: Child, pattern: RegExp): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`${child.spawnargs.join(' ')} exited (${code}): ${output}`));
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * The simulator's book levels a side from the environment variable `name`: absent, its default
 * (books on); 0 turns book ticks off, so every instrument count gets the same tick mix.
 */
export function bookLevelsSetting(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name}: expected a whole number of levels >= 0, got "${text}"`);
  return n;
}

export interface SimulatorChild {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts the simulator CLI (seeded) in its own process. */
export async function startSimulatorProcess(options: {
  rate: number;
  instruments?: number;
  seed?: number;
  /** Book levels a side per instrument (0: no books); the simulator's default when absent. */
  bookLevels?: number;
}): Promise<SimulatorChild> {
  const args = ['--port', '0', '--rate', `${options.rate}`, '--seed', `${options.seed ?? 1}`];
  if (options.instruments !== undefined) args.push('--instruments', `${options.instruments}`);
  if (options.bookLevels !== undefined) args.push('--book-levels', `${options.bookLevels}`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'feed-simulator/main.ts', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const url = await firstMatch(child, /listening on (ws:\/\/\S+)/);
    return { url, stop: () => stopChild(child) };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

export interface EngineChild {
  /** The dashboard URL, token included. */
  readonly url: string;
  /** Engine process figures; `gc` collects garbage first (heap figures then mean retained). */
  stats(gc?: boolean): Promise<EngineStats>;
  /** The batch timeline since the previous call; only with `timeline` (else it rejects). */
  timeline(): Promise<EngineTimeline>;
  /** Event-loop lag since the previous call; only with `lag` (else it rejects). */
  lag(): Promise<EngineLag>;
  stop(): Promise<void>;
}

/** What else the engine process runs with. */
export interface EngineProcessOptions {
  /** More feeds beside the first: several sources at once. */
  readonly moreFeeds?: readonly string[];
  /**
   * Alert rules in `rulesFile` (a JSON list) for the run, and the settings file (absent is
   * fine) the alert log is kept beside.
   */
  readonly alerts?: { readonly rulesFile: string; readonly settingsPath: string };
  /** Probe the engine's worker for the batch timeline (bench/batch-timeline-probe.ts). */
  readonly timeline?: boolean;
  /** Probe the worker's and the host's event loops for lag (EngineChild.lag). */
  readonly lag?: boolean;
  /** More Node/V8 flags for the engine process, which its worker inherits (`--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  /** Hears every other line the process prints (`--trace-gc`), in order, as requests read. */
  readonly log?: (line: string) => void;
}

/** Starts the engine and browser-mode web host, connected to `feed`, in its own process. */
export function startEngineProcess(
  feed: string,
  rendererDir: string,
  options: EngineProcessOptions = {},
): Promise<EngineChild> {
  const { moreFeeds = [], alerts, timeline = false, lag = false, nodeArgs = [], log } = options;
  return startStatsProcess(
    [
      ...nodeArgs,
      // Preloaded, so the worker inherits it with the rest of the process's execArgv.
      ...(timeline ? ['--import', bundledProbe('batch-timeline-probe')] : []),
      ...(lag ? ['--import', bundledProbe('loop-lag-probe')] : []),
      'bench/engine-process.ts',
      ...(timeline ? ['--timeline'] : []),
      ...(lag ? ['--lag'] : []),
      feed,
      rendererDir,
      ...moreFeeds,
      ...(alerts ? ['--rules', alerts.rulesFile, '--settings', alerts.settingsPath] : []),
    ],
    log,
  );
}

const probeFiles = new Map<string, string>();

/**
 * A worker probe (bench/batch-timeline-probe.ts, bench/loop-lag-probe.ts) bundled to plain
 * JavaScript once per bench process: tsx's loader, which the engine process's own `--import tsx`
 * registers, does not reach into its worker, where the probe must run. esbuild is tsx's own
 * compiler (main/feed/worker-script.ts bundles the worker the same way).
 */
function bundledProbe(name: string): string {
  const known = probeFiles.get(name);
  if (known !== undefined) return known;
  const esbuild = createRequire(import.meta.url)('esbuild') as {
    buildSync(options: object): void;
  };
  const dir = mkdtempSync(join(tmpdir(), `tickdeck-${name}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, `${name}.mjs`);
  esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: file,
    logLevel: 'silent',
  });
  probeFiles.set(name, file);
  return file;
}

/** Starts the naive forward-every-tick transport (bench/forward-process.ts) on `feed`. */
export function startForwardProcess(feed: string): Promise<EngineChild> {
  return startStatsProcess(['bench/forward-process.ts', feed]);
}

/** A bench process that prints `{"url"}` and answers `stats`/`gc` on stdin with JSON lines. */
async function startStatsProcess(
  args: readonly string[],
  log?: (line: string) => void,
): Promise<EngineChild> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let url: string;
  try {
    url = (JSON.parse(await firstMatch(child, /^(\{"url".*\})$/m)) as { url: string }).url;
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  child.stdin.on('error', () => undefined); // a child that died is reported by `stats`
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let queue = Promise.resolve<unknown>(undefined);
  const request = <T>(command: string, answer: string): Promise<T> => {
    const next = queue.then(async () => {
      child.stdin.write(`${command}\n`);
      for (;;) {
        const line = await lines.next();
        if (line.done) {
          await new Promise((r) => setTimeout(r, 100));
          throw new Error(
            `${args[0]} closed its output (exit ${child.exitCode ?? child.signalCode ?? 'pending'})`,
          );
        }
        if (line.value.startsWith(answer)) return JSON.parse(line.value) as T;
        log?.(line.value);
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    url,
    stats: (gc = false) => request<EngineStats>(gc ? 'gc' : 'stats', '{"heapUsed"'),
    timeline: () =>
      request<{ timeline: EngineTimeline | null }>('timeline', '{"timeline"').then((t) => {
        if (t.timeline === null) throw new Error('the engine worker did not answer the timeline');
        return t.timeline;
      }),
    lag: () =>
      request<{ lag: EngineLag | null }>('lag', '{"lag"').then((l) => {
        if (l.lag === null) throw new Error('the engine worker did not answer the lag probe');
        return l.lag;
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin.write('exit\n');
      await stopChild(child, 5_000, 5_000);
    },
  };
}

let rendererBuild: Promise<string> | null = null;

/**
 * Builds the dashboard (renderer/) once per bench process into a temporary folder, so the
 * bench measures the current source without touching `out/`, which tests build into too.
 */
export function buildRenderer(): Promise<string> {
  rendererBuild ??= buildRendererOf(ROOT);
  return rendererBuild;
}

/**
 * Builds the dashboard of the checkout at `root` (this one, or another to compare against)
 * with this tree's Vite and Svelte plugin into a temporary folder removed at exit; its path.
 */
export async function buildRendererOf(root: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tickdeck-bench-renderer-'));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(root, 'renderer'),
    base: './',
    plugins: [svelte()],
    // BENCH_NO_MINIFY=1 keeps function names readable in CPU profiles.
    build: { outDir, emptyOutDir: true, minify: process.env.BENCH_NO_MINIFY !== '1' },
  });
  return outDir;
}

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

/**
 * Runs before the page's scripts.
 * - An animation-frame loop of its own, registered first, so it runs first in every frame:
 *   it records the frame's time.
 * - Every other requestAnimationFrame callback (the dashboard's draws) is timed, and the
 *   wall-clock time at which the frame's last one ended is kept.
 * - Each batch the page's WebSocket receives is read for its `newestTickTs` (found from the
 *   end of the message, a cheap string search). The batches that arrived before a frame began
 *   are drawn in that frame; tick-to-pixel latency = the wall-clock end of that frame's draws −
 *   the newest of those ticks, the renderer's own definition (scheduler.ts), per drawn frame.
 * - Each batch's flush time (`ts`, at the head of the message), its receipt, and the time the
 *   page sent its ack (the socket's `send`, wrapped): where the round trip goes.
 * `__benchTake` hands over and clears the samples, so the page's heap does not grow with them.
 */
const FRAME_PROBE = `(() => {
  const raf = window.requestAnimationFrame.bind(window);
  let work = 0, ts = [], workAt = [], latency = [], arrival = [], rounds = [];
  let arrived = null, drawing = null, frameEnd = 0;
  window.requestAnimationFrame = (cb) => raf((t) => {
    const start = performance.now();
    try { cb(t); } finally { work += performance.now() - start; frameEnd = Date.now(); }
  });
  const loop = (t) => {
    if (drawing !== null) latency.push((frameEnd || Date.now()) - drawing);
    drawing = arrived; arrived = null; frameEnd = 0;
    ts.push(t); workAt.push(work); raf(loop);
  };
  raf(loop);
  const KEY = '"newestTickTs":';
  const HEAD = /^\\{"type":"batch","batch":\\{"seq":(\\d+),"ts":(\\d+)/;
  const ACK = /^\\{"type":"ack","seq":(\\d+)\\}$/;
  const unacked = new Map();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    send(data) {
      const m = typeof data === 'string' ? ACK.exec(data) : null;
      const round = m ? unacked.get(Number(m[1])) : undefined;
      if (round !== undefined) { round.ackAt = Date.now(); unacked.delete(round.seq); rounds.push(round); }
      super.send(data);
    }
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        const head = HEAD.exec(e.data.slice(0, 64));
        if (head) {
          const round = { seq: Number(head[1]), ts: Number(head[2]), recv: Date.now(), ackAt: NaN };
          unacked.set(round.seq, round);
        }
        const at = e.data.lastIndexOf(KEY);
        if (at === -1) return;
        const v = parseFloat(e.data.slice(at + KEY.length, at + KEY.length + 24));
        if (!Number.isFinite(v)) return;
        arrival.push(Date.now() - v);
        arrived = arrived === null ? v : Math.max(arrived, v);
      });
    }
  };
  window.__benchTake = () => {
    const out = { ts, workAt, latency, arrival, rounds };
    ts = []; workAt = []; latency = []; arrival = []; rounds = [];
    return out;
  };
})();`;

/**
 * The probe as an init script: not in a tab's first, blank document, because a tab that
 * `window.open` opens keeps that document's window for the page it then loads, and Playwright
 * does not run the script again there (the bench reloads such a tab: windows-popout.ts).
 */
const FRAME_PROBE_ON_LOAD = `if (location.href !== 'about:blank') ${FRAME_PROBE}`;

/** Frame figures over an interval. */
export interface FrameStats {
  readonly frames: number;
  readonly fps: number;
  /** Frames the display had time for but the page did not produce. */
  readonly dropped: number;
  /** Time in the dashboard's animation-frame callbacks per frame (draws), ms. */
  readonly drawP50Ms: number;
  readonly drawP95Ms: number;
  /** Tick-to-pixel latency of each drawn frame, ms. */
  readonly latency: readonly number[];
  /** Age of each batch's newest tick when the page received the batch, ms. */
  readonly arrival: readonly number[];
  /** Each batch's flush, receipt and ack (bench/round-trip.ts splits them). */
  readonly rounds: readonly BatchRound[];
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

function frameStats(
  ts: readonly number[],
  workAt: readonly number[],
  latency: readonly number[],
  arrival: readonly number[] = [],
  rounds: readonly BatchRound[] = [],
): FrameStats {
  const draws: number[] = [];
  let dropped = 0;
  for (let i = 1; i < ts.length; i++) {
    draws.push(workAt[i]! - workAt[i - 1]!);
    dropped += Math.max(0, Math.round((ts[i]! - ts[i - 1]!) / VSYNC_MS) - 1);
  }
  const spanMs = ts.length > 1 ? ts[ts.length - 1]! - ts[0]! : 0;
  return {
    frames: draws.length,
    fps: spanMs > 0 ? (draws.length / spanMs) * 1000 : 0,
    dropped,
    drawP50Ms: percentile(draws, 0.5),
    drawP95Ms: percentile(draws, 0.95),
    latency,
    arrival,
    rounds,
  };
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

declare global {
  interface Window {
    __benchTake(): {
      ts: number[];
      workAt: number[];
      latency: number[];
      arrival: number[];
      rounds: BatchRound[];
    };
  }
}

/** A running simulator + engine pair; `stop` stops both. */
export interface Stack {
  readonly sim: SimulatorChild;
  readonly engine: EngineChild;
  stop(): Promise<void>;
}

/** Starts the seeded simulator and the engine connected to it. */
export async function startStack(options: {
  rate: number;
  instruments?: number;
  seed?: number;
  /** Probe the engine's worker for the batch timeline (EngineChild.timeline). */
  timeline?: boolean;
  bookLevels?: number;
  /** The engine process's flags and other output (EngineProcessOptions). */
  engine?: Pick<EngineProcessOptions, 'nodeArgs' | 'log'>;
}): Promise<Stack> {
  const rendererDir = await buildRenderer();
  const sim = await startSimulatorProcess(options);
  let engine: EngineChild;
  try {
    engine = await startEngineProcess(sim.url, rendererDir, {
      timeline: options.timeline,
      ...options.engine,
    });
  } catch (err) {
    await sim.stop();
    throw err;
  }
  return {
    sim,
    engine,
    stop: async () => {
      await engine.stop();
      await sim.stop();
    },
  };
}

/** Formats a list of numbers for a note: `1.2 / 3.4 / 5`. */
export function series(values: readonly number[], digits = 3): string {
  return values.map((v) => Number(v.toPrecision(digits)).toString()).join(' / ');
}
