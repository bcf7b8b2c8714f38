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
 * engine starts first turns every pair, and the one started first reads higher (1.02–1.09×
 * with no rules in either), so the report's verdict is on each two pairs combined, one each way
 * round (pair-stats.ts, balancedRatios).
 *
 *   node --import tsx bench/run.ts alert-engines-side
 *   BENCH_ALERT_SIDE_PAIRS=3 ...           # pairs (default 5); _RATE, _INSTRUMENTS, _MS too
 *   BENCH_ALERT_SIDE_BOOK_LEVELS=0 ...     # the simulator without book ticks
 *   BENCH_ALERT_SIDE_WARMUP_MS=70000 ...   # measured once the rules' 60 s windows are full
 *   BENCH_ALERT_SIDE_NO_RULES=1 ...        # both engines without rules: what the setup itself
 *                                          # reads for no difference (its "with" arm is the one
 *                                          # that would have had the rules)
 */
import { loadavg } from 'node:os';
import {
  armSettings,
  measureArms,
  onSimulator,
  startArm,
  type EngineArm,
} from './alert-engine-arm';
import { armResults, pairLine, type ArmPair } from './alert-engine-results';
import { sleep } from './children';
import { baseFirst } from './pair-stats';
import { readSetting, type BenchResult } from './report';

const SETTINGS = armSettings('BENCH_ALERT_SIDE');
/** Both arms without rules (1): the ratio the side-by-side setup reads when nothing differs. */
const NO_RULES = readSetting('BENCH_ALERT_SIDE_NO_RULES', 0, 1) === 1;

function measurePair(i: number): Promise<ArmPair> {
  return onSimulator(SETTINGS, async (ground) => {
    const arms: EngineArm[] = [];
    try {
      for (const withRules of baseFirst(i) ? [false, true] : [true, false])
        arms.push(await startArm(ground, withRules && !NO_RULES));
      await sleep(SETTINGS.warmupMs);
      const [first, second] = await measureArms(arms, SETTINGS.measureMs);
      return baseFirst(i) ? { base: first!, with: second! } : { base: second!, with: first! };
    } finally {
      for (const arm of arms) await arm.stop();
    }
  });
}

export async function run(): Promise<BenchResult[]> {
  const loadAtStart = loadavg()[0]!;
  const runs: ArmPair[] = [];
  for (let i = 0; i < SETTINGS.pairs; i++) {
    runs.push(await measurePair(i));
    console.log(pairLine(i, SETTINGS.pairs, runs[i]!));
  }
  const how =
    'pairs of two engines side by side, each its own client of the simulator, in one window';
  const name = NO_RULES
    ? 'two engines side by side, BOTH WITHOUT RULES (the setup against itself)'
    : 'two engines side by side';
  return armResults(runs, SETTINGS, how, name, loadAtStart);
}
