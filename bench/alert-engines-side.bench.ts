/**
 * Alerts at scale on the whole path, two engines at once (issue 16): the same as
 * bench/alerts-engine.bench.ts (the engine process as the app runs it, 10,000 rules against
 * none, the seeded simulator at 200k market ticks/s over 1,000 instruments, a page-like
 * consumer each), but the engine with rules and the one without run side by side on one
 * simulator, each its own client of it, and are measured over the same window. That bench
 * measures its two arms a minute apart, and this machine's speed moves between minutes (the
 * base alone read 1.98–2.80 µs a tick in one quiet hour), which is most of its pairs' spread;
 * here both arms see the same minute. What it costs: the two engines share the cores, caches
 * and the simulator, so each reads higher than alone; the ratio is what it compares. Which
 * engine starts first turns every pair.
 *
 *   node --import tsx bench/run.ts alert-engines-side
 *   BENCH_ALERT_SIDE_PAIRS=3 ...           # pairs (default 5)
 *   BENCH_ALERT_SIDE_BOOK_LEVELS=0 ...     # the simulator without book ticks
 *   BENCH_ALERT_SIDE_WARMUP_MS=70000 ...   # measured once the rules' 60 s windows are full
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureArms, ROWS_IN_VIEW, startArm, type EngineArm } from './alert-engine-arm';
import { armResults, pairLine, type ArmPair } from './alert-engine-results';
import { liveMarkets } from './alert-rule-mix';
import { sleep } from './children';
import { baseFirst } from './pair-stats';
import { bookLevelsSetting, startSimulatorProcess } from './product-processes';
import { buildRenderer } from './renderer-build';
import { readSetting, type BenchResult } from './report';

const RATE = readSetting('BENCH_ALERT_SIDE_RATE', 200_000, 2_000_000);
const INSTRUMENTS = readSetting('BENCH_ALERT_SIDE_INSTRUMENTS', 1_000, 100_000);
const PAIRS = readSetting('BENCH_ALERT_SIDE_PAIRS', 5, 20);
const MEASURE_MS = readSetting('BENCH_ALERT_SIDE_MS', 15_000, 600_000);
const WARMUP_MS = readSetting('BENCH_ALERT_SIDE_WARMUP_MS', 8_000, 600_000);
const BOOK_LEVELS = bookLevelsSetting('BENCH_ALERT_SIDE_BOOK_LEVELS');

async function measurePair(i: number): Promise<ArmPair> {
  const rendererDir = await buildRenderer();
  const sim = await startSimulatorProcess({
    rate: RATE,
    instruments: INSTRUMENTS,
    bookLevels: BOOK_LEVELS,
  });
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-bench-alert-side-'));
  const arms: EngineArm[] = [];
  try {
    const markets = await liveMarkets(sim.url);
    const start = (withRules: boolean) =>
      startArm({ simUrl: sim.url, rendererDir, markets, withRules, dir: join(dir, `${withRules}`) });
    const order = baseFirst(i) ? [false, true] : [true, false];
    for (const withRules of order) arms.push(await start(withRules));
    await sleep(WARMUP_MS);
    const [first, second] = await measureArms(arms, MEASURE_MS);
    return baseFirst(i) ? { base: first!, with: second! } : { base: second!, with: first! };
  } finally {
    for (const arm of arms) await arm.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const loadAtStart = loadavg()[0]!;
  const runs: ArmPair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    runs.push(await measurePair(i));
    console.log(pairLine(i, PAIRS, runs[i]!));
  }
  const books = BOOK_LEVELS === 0 ? 'no book ticks' : 'book ticks on (the default)';
  const setup = `${RATE / 1_000}k market ticks/s asked over ${INSTRUMENTS} instruments, ${books}, to each engine; ${PAIRS} pairs of two engines side by side, measured over the same ${MEASURE_MS / 1_000} s after ${WARMUP_MS / 1_000} s; a page-like consumer each (${ROWS_IN_VIEW} rows, one chart); load average ${loadAtStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`;
  return armResults(runs, INSTRUMENTS, setup, 'two engines side by side');
}
