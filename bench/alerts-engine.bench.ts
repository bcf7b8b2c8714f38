/**
 * Alerts at scale on the whole path (issue 16): the engine process as the app runs it, with
 * 10,000 enabled rules against none. The seeded simulator in its own process at 200k market
 * ticks/s over 1,000 instruments (its default mix; its book ticks come on top); the engine and
 * browser-mode web host process (bench/engine-process.ts: the feed's socket, the engine in its
 * worker thread, the batches serialised and sent); and one consumer taking batches as a page
 * does (test-support/page-client.ts: a screen of watchlist rows and one chart declared, every
 * batch parsed and acked) in this process, not Chromium, whose page would take the cores the
 * engine needs on a small machine. The rules are bench/alert-rule-mix.ts's, made around each
 * instrument's price when the run starts.
 *
 * Runs alternate no rules / rules, the order turned every pair; each run starts its own
 * simulator (the same seeded feed) and engine process, takes a warm-up, then a measured window.
 * The figure is the engine process's CPU per tick ingested (`EngineStats.cpuUs / ticksTotal`),
 * the ratio with rules / without per pair, its median and range; beside it the ticks/s the
 * engine ingested (it must keep up), the event-loop lag p99 of the engine's worker thread
 * and the host main thread's over the window (1 ms probes: bench/loop-lag-probe.ts and the
 * engine process's own), and the worker's own per-second figure from each batch's health.
 *
 *   node --import tsx bench/run.ts alerts-engine
 *   BENCH_ALERTS_ENGINE_PAIRS=2 node --import tsx bench/run.ts alerts-engine   # fewer pairs
 *   BENCH_ALERTS_ENGINE_BOOK_LEVELS=0 ...     # the simulator without book ticks
 *   BENCH_ALERTS_ENGINE_WARMUP_MS=70000 ...   # measured once the rules' 60 s windows are full
 *   BENCH_ALERTS_ENGINE_CPU_PROF=<dir> ...    # --cpu-prof of each engine process into <dir>
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import {
  armSettings,
  measureArms,
  onSimulator,
  startArm,
  type ArmFigures,
} from './alert-engine-arm';
import { armResults, pairLine, type ArmPair } from './alert-engine-results';
import { sleep } from './children';
import { baseFirst } from './pair-stats';
import type { BenchResult } from './report';

const SETTINGS = armSettings('BENCH_ALERTS_ENGINE');
const CPU_PROF_DIR = process.env.BENCH_ALERTS_ENGINE_CPU_PROF || null;

function measureRun(withRules: boolean, label: string): Promise<ArmFigures> {
  return onSimulator(SETTINGS, async (ground) => {
    const arm = await startArm(ground, withRules, CPU_PROF_DIR && join(CPU_PROF_DIR, label));
    try {
      await sleep(SETTINGS.warmupMs);
      return (await measureArms([arm], SETTINGS.measureMs))[0]!;
    } finally {
      await arm.stop();
    }
  });
}

export async function run(): Promise<BenchResult[]> {
  const loadAtStart = loadavg()[0]!;
  const runs: ArmPair[] = [];
  for (let i = 0; i < SETTINGS.pairs; i++) {
    if (baseFirst(i)) {
      const base = await measureRun(false, `${i}-none`);
      runs.push({ base, with: await measureRun(true, `${i}-rules`) });
    } else {
      const withRules = await measureRun(true, `${i}-rules`);
      runs.push({ base: await measureRun(false, `${i}-none`), with: withRules });
    }
    console.log(pairLine(i, SETTINGS.pairs, runs[i]!));
  }
  return armResults(runs, SETTINGS, 'alternating pairs', 'whole path', loadAtStart);
}
