/**
 * The product's own processes for end-to-end benchmarks: the seeded simulator CLI, the engine and
 * browser-mode web host (bench/engine-process.ts, with its worker probes preloaded when asked),
 * and the naive forward-every-tick transport it is compared with.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstMatch, ROOT, stopChild } from './children';
import { startStatsProcess, type EngineChild } from './stats-process';

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
      // The worker's tasks one by one (bench/worker-task-probe.ts), where a run asks for them.
      ...(process.env.BENCH_TASKS_DIR ? ['--import', bundledProbe('worker-task-probe')] : []),
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
 * A worker probe (bench/batch-timeline-probe.ts, bench/loop-lag-probe.ts,
 * bench/worker-task-probe.ts) bundled to plain
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
