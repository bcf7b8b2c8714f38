/**
 * One arm of the whole-path alerts benches (bench/alerts-engine.bench.ts,
 * bench/alert-engines-side.bench.ts): the engine and browser-mode web host process on a
 * simulator's feed, with bench/alert-rule-mix.ts's rules around the markets' prices or none, and
 * one consumer taking batches as a page does; and the figures of a measured window, taken for
 * several arms over the same window when they run side by side.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PageClient } from '../test-support/page-client';
import { rulesAround, type LiveMarket } from './alert-rule-mix';
import { sleep } from './children';
import { startEngineProcess } from './product-processes';
import type { EngineChild } from './stats-process';

export const RULES = 10_000;
/** Watchlist rows a page shows with its overscan. */
export const ROWS_IN_VIEW = 40;

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
 * Starts an engine process on `simUrl` with the mix's rules (or none) in `dir`, and its
 * consumer; `profDir`, when given, takes the process's `--cpu-prof`.
 */
export async function startArm(options: {
  simUrl: string;
  rendererDir: string;
  markets: readonly LiveMarket[];
  withRules: boolean;
  dir: string;
  profDir?: string | null;
}): Promise<EngineArm> {
  const { simUrl, rendererDir, markets, withRules, dir, profDir = null } = options;
  mkdirSync(dir, { recursive: true });
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
