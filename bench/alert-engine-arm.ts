/**
 * One arm of the whole-path alerts benches (bench/alerts-engine.bench.ts,
 * bench/alert-engines-side.bench.ts): the engine and browser-mode web host process on a
 * simulator's feed, with bench/alert-rule-mix.ts's rules around the markets' prices or none, and
 * one consumer taking batches as a page does; and the figures of a measured window, taken for
 * several arms over the same window when they run side by side.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PageClient } from '../test-support/page-client';
import { liveMarkets, rulesAround, type LiveMarket } from './alert-rule-mix';
import { sleep } from './children';
import { bookLevelsSetting, startEngineProcess, startSimulatorProcess } from './product-processes';
import { buildRenderer } from './renderer-build';
import { readSetting } from './report';
import type { EngineChild } from './stats-process';

export const RULES = 10_000;
/** Watchlist rows a page shows with its overscan. */
export const ROWS_IN_VIEW = 40;

/** How a bench runs its arms, from the environment variables `<prefix>_RATE` and so on. */
export interface ArmSettings {
  /** Market ticks/s asked of the simulator (book ticks come on top). */
  readonly rate: number;
  readonly instruments: number;
  readonly pairs: number;
  readonly measureMs: number;
  /**
   * Feed before the window: the engine's rings filling, the JIT warm. The rules' longest window
   * is 60 s (bench/alert-rule-mix.ts), so the default 8 s measures while their rings still
   * grow; 70000 measures them full, as an engine that has run a minute holds them.
   */
  readonly warmupMs: number;
  /** The simulator's book levels a side (0: no book ticks); its default when undefined. */
  readonly bookLevels: number | undefined;
}

export function armSettings(prefix: string): ArmSettings {
  return {
    rate: readSetting(`${prefix}_RATE`, 200_000, 2_000_000),
    instruments: readSetting(`${prefix}_INSTRUMENTS`, 1_000, 100_000),
    pairs: readSetting(`${prefix}_PAIRS`, 5, 40),
    measureMs: readSetting(`${prefix}_MS`, 15_000, 600_000),
    warmupMs: readSetting(`${prefix}_WARMUP_MS`, 8_000, 600_000),
    bookLevels: bookLevelsSetting(`${prefix}_BOOK_LEVELS`),
  };
}

/** What a run is given: the simulator's URL, its markets' prices, the page build, a folder. */
export interface ArmGround {
  readonly simUrl: string;
  readonly markets: readonly LiveMarket[];
  readonly rendererDir: string;
  readonly dir: string;
}

/**
 * Runs `body` on a fresh seeded simulator (so every run gets the same feed) and a folder of
 * its own, both gone after it.
 */
export async function onSimulator<T>(
  settings: ArmSettings,
  body: (ground: ArmGround) => Promise<T>,
): Promise<T> {
  const rendererDir = await buildRenderer();
  const sim = await startSimulatorProcess({
    rate: settings.rate,
    instruments: settings.instruments,
    bookLevels: settings.bookLevels,
  });
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-bench-alert-arm-'));
  try {
    // Every arm reads the prices, so every engine starts after the same steps.
    const markets = await liveMarkets(sim.url);
    return await body({ simUrl: sim.url, markets, rendererDir, dir });
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ArmFigures {
  /** Engine process CPU per tick ingested, µs. */
  readonly cpuUsPerTick: number;
  /** Engine process CPU, cores. */
  readonly cores: number;
  readonly ticksPerSec: number;
  readonly batchesPerSec: number;
  readonly alerts: number;
  /** Event-loop lag p99 over the window (1 ms probes), ms. */
  readonly workerLagP99Ms: number;
  readonly hostLagP99Ms: number;
  /** The worst of the worker's per-second lag p99s in the window, as the batches' health says. */
  readonly healthLagP99Ms: number;
}

export interface EngineArm {
  readonly engine: EngineChild;
  readonly page: PageClient;
  stop(): Promise<void>;
}

/**
 * Starts an engine process on the ground's simulator with the mix's rules (or none), and its
 * consumer; `profDir`, when given, takes the process's `--cpu-prof`.
 */
export async function startArm(
  ground: ArmGround,
  withRules: boolean,
  profDir: string | null = null,
): Promise<EngineArm> {
  const { simUrl, rendererDir, markets } = ground;
  // A folder of its own: two arms without rules may run side by side.
  const dir = mkdtempSync(join(ground.dir, withRules ? 'rules-' : 'none-'));
  const rulesFile = join(dir, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify(withRules ? rulesAround(markets, RULES) : []));
  if (profDir) mkdirSync(profDir, { recursive: true });
  const engine = await startEngineProcess(simUrl, rendererDir, {
    alerts: { rulesFile, settingsPath: join(dir, 'settings.json') },
    lag: true,
    nodeArgs: profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
  });
  try {
    const ids = markets.map((m) => m.id);
    const page = await PageClient.connect(engine.url, {
      rows: ids.slice(0, ROWS_IN_VIEW),
      charted: ids.slice(0, 1),
      selected: ids[0] ?? null,
    });
    return {
      engine,
      page,
      stop: async () => {
        page.close();
        await engine.stop();
      },
    };
  } catch (err) {
    await engine.stop();
    throw err;
  }
}

/** Each arm's figures over one window of `ms`, the same window for all. */
export async function measureArms(arms: readonly EngineArm[], ms: number): Promise<ArmFigures[]> {
  await Promise.all(arms.map((a) => a.engine.lag()));
  const before = await Promise.all(arms.map((a) => a.engine.stats()));
  for (const a of arms) a.page.take();
  const startedAt = performance.now();
  await sleep(ms);
  const after = await Promise.all(arms.map((a) => a.engine.stats()));
  const lags = await Promise.all(arms.map((a) => a.engine.lag()));
  const elapsedMs = performance.now() - startedAt;
  return arms.map((a, i) => {
    const got = a.page.take();
    const ticks = after[i]!.ticksTotal - before[i]!.ticksTotal;
    const cpuUs = after[i]!.cpuUs - before[i]!.cpuUs;
    return {
      cpuUsPerTick: cpuUs / ticks,
      cores: cpuUs / 1_000 / elapsedMs,
      ticksPerSec: (ticks * 1_000) / elapsedMs,
      batchesPerSec: (got.batches * 1_000) / elapsedMs,
      alerts: got.alerts,
      workerLagP99Ms: lags[i]!.worker.p99Ms,
      hostLagP99Ms: lags[i]!.host.p99Ms,
      healthLagP99Ms: Math.max(...got.lagP99Ms),
    };
  });
}
