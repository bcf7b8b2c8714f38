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
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureArms, ROWS_IN_VIEW, startArm, type ArmFigures } from './alert-engine-arm';
import { armResults, pairLine, type ArmPair } from './alert-engine-results';
import { liveMarkets } from './alert-rule-mix';
import { baseFirst } from './pair-stats';
import { readSetting, type BenchResult } from './report';
import { bookLevelsSetting, startSimulatorProcess } from './product-processes';
import { buildRenderer } from './renderer-build';
import { sleep } from './children';

const RATE = readSetting('BENCH_ALERTS_ENGINE_RATE', 200_000, 2_000_000);
const INSTRUMENTS = readSetting('BENCH_ALERTS_ENGINE_INSTRUMENTS', 1_000, 100_000);
const PAIRS = readSetting('BENCH_ALERTS_ENGINE_PAIRS', 5, 20);
const MEASURE_MS = readSetting('BENCH_ALERTS_ENGINE_MS', 15_000, 600_000);
const BOOK_LEVELS = bookLevelsSetting('BENCH_ALERTS_ENGINE_BOOK_LEVELS');
const CPU_PROF_DIR = process.env.BENCH_ALERTS_ENGINE_CPU_PROF || null;
/**
 * Feed before the window: the engine's rings filling, the JIT warm. The rules' longest window is
 * 60 s (bench/alert-rule-mix.ts), so 8 s measures while their rings still grow; 70000 measures
 * them full, as an engine that has run a minute holds them.
 */
const WARMUP_MS = readSetting('BENCH_ALERTS_ENGINE_WARMUP_MS', 8_000, 600_000);

async function measureRun(withRules: boolean, label: string): Promise<ArmFigures> {
  const rendererDir = await buildRenderer();
  const sim = await startSimulatorProcess({
    rate: RATE,
    instruments: INSTRUMENTS,
    bookLevels: BOOK_LEVELS,
  });
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-bench-alerts-engine-'));
  try {
    // Both arms read the prices, so both start their engine after the same steps.
    const markets = await liveMarkets(sim.url);
    const arm = await startArm({
      simUrl: sim.url,
      rendererDir,
      markets,
      withRules,
      dir,
      profDir: CPU_PROF_DIR && join(CPU_PROF_DIR, label),
    });
    try {
      await sleep(WARMUP_MS);
      return (await measureArms([arm], MEASURE_MS))[0]!;
    } finally {
      await arm.stop();
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const loadAtStart = loadavg()[0]!;
  const runs: ArmPair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    if (baseFirst(i)) {
      const base = await measureRun(false, `${i}-none`);
      runs.push({ base, with: await measureRun(true, `${i}-rules`) });
    } else {
      const withRules = await measureRun(true, `${i}-rules`);
      runs.push({ base: await measureRun(false, `${i}-none`), with: withRules });
    }
    console.log(pairLine(i, PAIRS, runs[i]!));
  }
  const books = BOOK_LEVELS === 0 ? 'no book ticks' : 'book ticks on (the default)';
  const setup = `${RATE / 1_000}k market ticks/s asked over ${INSTRUMENTS} instruments, ${books}; ${PAIRS} alternating pairs of ${MEASURE_MS / 1_000} s after ${WARMUP_MS / 1_000} s; one page-like consumer (${ROWS_IN_VIEW} rows, one chart); load average ${loadAtStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`;
  return armResults(runs, INSTRUMENTS, setup, 'whole path');
}
