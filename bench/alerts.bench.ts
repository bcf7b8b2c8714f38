/**
 * Alerts at scale: 10,000 enabled rules over 1,000 instruments while the engine folds 200k
 * ticks/s, against the same run with no rules, in the same process. Two paths, each paced by a
 * timer as the engine receives ticks: the fold alone (`FeedState.applyTicks` with the alert
 * evaluator hooked in, as in `engine.ts`), the strictest comparison; and the engine's whole
 * per-tick work (the "engine CPU"): decoding the protocol's `ticks` frames, the fold with
 * alerts, and building a consumer's batch 30 times a second (not serialising it, which is the
 * transport's). CPU time of the main thread (where all of that runs; bench/thread-cpu.ts) and of
 * the whole process, and event-loop lag p99, over two windows of each run:
 * its first RUN_MS (cold: every state, window and index is new, and most `every` rules fire
 * for the first time in it), and RUN_MS after WARM_MS more of feed (warm: what an engine that
 * has run for a while pays; rules that fired are cooling). Each run starts after a full GC, so it
 * does not collect the run before's garbage on its time. Runs alternate, the order swapped every
 * pair (none, rules, rules, none, ...), so drift and what one run leaves the next hit both alike;
 * the figure is the median pair's. The ticks are kept in typed arrays (`RecordedTicks`) and made
 * into objects frame by frame, so the heap holds no 1.8 million recorded ticks for a major GC to
 * mark on some run's time; the major GCs that end in each window are counted and printed.
 * Beside these, the unpaced same-process pairs of bench/alert-fold-ab.ts: ns per tick. The
 * paced runs are bench/alert-paced-run.ts.
 *
 *   node --import tsx bench/run.ts alerts
 */
import { readSetting, type BenchResult } from './report';
import { mainThreadCpuMs } from './thread-cpu';
import { COOLING_RULES, COOLING_TICKS, coolingRun } from './alert-cooling';
import { abPairs, evaluatorRun, foldRun as unpacedFoldRun } from './alert-fold-ab';
import { CPU_RATIO_TARGET, LAG_P99_TARGET_MS } from './alert-engine-results';
import { FRAME_TICKS, pairs, RUN_MS, WARM_MS, type PathFigures } from './alert-paced-run';
import {
  INSTRUMENTS,
  RULES,
  RecordedTicks,
  TICKS_PER_SEC,
  makeRules,
  toFrames,
} from './alert-workload';
import { median } from './numbers';

/** Alternating pairs per path; BENCH_ALERTS_REPEATS sets fewer for a quick look on a busy machine. */
const REPEATS = readSetting('BENCH_ALERTS_REPEATS', 5, 50);
/** Unpaced same-process pairs (bench/alert-fold-ab.ts): more and shorter than the paced ones. */
const AB_PAIRS = 3 * REPEATS;

const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

type Window = 'cold' | 'warm';
const WINDOW_LABEL: Record<Window, string> = {
  cold: `first ${RUN_MS / 1_000} s`,
  warm: `${RUN_MS / 1_000} s after ${(RUN_MS + WARM_MS) / 1_000} s of feed`,
};

export async function run(): Promise<BenchResult[]> {
  const ticks = new RecordedTicks((TICKS_PER_SEC * (2 * RUN_MS + WARM_MS)) / 1_000);
  const rules = makeRules();
  const fold = await pairs(REPEATS, ticks, null, rules);
  const engine = await pairs(REPEATS, ticks, toFrames(ticks, FRAME_TICKS), rules);
  // The unpaced pairs measure the warm window's ticks, after the feed before it.
  const warmTicks = (TICKS_PER_SEC * (RUN_MS + WARM_MS)) / 1_000;
  const unpaced = abPairs(unpacedFoldRun, ticks, warmTicks, rules, AB_PAIRS);
  const alone = abPairs(evaluatorRun, ticks, warmTicks, rules, AB_PAIRS);
  const cooling: number[] = [];
  let cool: { one: number; many: number } | null = null;
  for (let i = 0; i < REPEATS; i++) {
    cool = coolingRun();
    cooling.push(cool.many / cool.one);
  }
  const cpuFigure = (path: string, f: PathFigures, w: Window): BenchResult => {
    const ratios = f.runs.map((r) => r.with[w].cpuMs / r.base[w].cpuMs);
    const processRatios = f.runs.map((r) => r.with[w].processCpuMs / r.base[w].processCpuMs);
    // The pair whose ratio is the median, so value, baseline and ratio are one pair's.
    const mid = f.runs[ratios.indexOf(median(ratios))]!;
    const thread = mainThreadCpuMs() === null ? 'process (no /proc)' : 'main thread';
    return {
      name: `${path} CPU (${thread}), ${RULES} rules / ${INSTRUMENTS} instruments at ${TICKS_PER_SEC / 1_000}k ticks/s, ${WINDOW_LABEL[w]}`,
      value: mid.with[w].cpuMs,
      unit: `ms CPU per ${RUN_MS / 1_000} s`,
      baseline: mid.base[w].cpuMs,
      ratio: median(ratios),
      note: `target ≤ ${CPU_RATIO_TARGET}× (issue 16); the median of ${REPEATS} alternating pairs: ${range(ratios)}; the whole process's CPU (V8's helper threads too): ${range(processRatios)}, median ${median(processRatios).toFixed(2)}; ${mid.with[w].alerts} alerts fired in the window; major GCs per run with rules ${f.runs.map((r) => r.with[w].majorGcs).join(',')}, without ${f.runs.map((r) => r.base[w].majorGcs).join(',')}`,
    };
  };
  const lagFigure = (w: Window): BenchResult => {
    const lags = engine.runs.map((r) => r.with[w].lagP99Ms);
    const baseLags = engine.runs.map((r) => r.base[w].lagP99Ms);
    const foldLags = fold.runs.map((r) => r.with[w].lagP99Ms);
    return {
      name: `event-loop lag p99 with rules (engine path), ${WINDOW_LABEL[w]}`,
      value: Math.max(...lags),
      unit: 'ms',
      baseline: Math.max(...baseLags),
      note: `target < ${LAG_P99_TARGET_MS} ms; per run with rules: ${range(lags)}; without: ${range(baseLags)}; fold path with rules: ${range(foldLags)}`,
    };
  };
  const unpacedRatios = unpaced.map((p) => p.with.nsPerTick / p.base.nsPerTick);
  const unpacedMid = unpaced[unpacedRatios.indexOf(median(unpacedRatios))]!;
  const ownNs = alone.map((p) => p.with.nsPerTick - p.base.nsPerTick);
  const foldExtraNs = unpaced.map((p) => p.with.nsPerTick - p.base.nsPerTick);
  return [
    {
      name: `fold CPU (main thread), ${RULES} rules / ${INSTRUMENTS} instruments, unpaced, same process, ${WINDOW_LABEL.warm}'s ticks`,
      value: unpacedMid.with.nsPerTick,
      unit: 'ns CPU per tick',
      baseline: unpacedMid.base.nsPerTick,
      ratio: median(unpacedRatios),
      note: `target ≤ ${CPU_RATIO_TARGET}× (issue 16); the median of ${AB_PAIRS} alternating pairs: ${range(unpacedRatios)}; the rules add ${range(foldExtraNs)} ns a tick (median ${median(foldExtraNs).toFixed(0)}); ${unpacedMid.with.alerts} alerts fired while measured`,
    },
    {
      name: `evaluator alone, ${RULES} rules / ${INSTRUMENTS} instruments, its own CPU per tick (with rules minus none, same loop)`,
      value: median(ownNs),
      unit: 'ns CPU per tick',
      note: `${AB_PAIRS} alternating pairs: ${range(ownNs)}; with rules ${range(alone.map((p) => p.with.nsPerTick))} ns, none ${range(alone.map((p) => p.base.nsPerTick))} ns (the loop, making the ticks and finding the slot)`,
    },
    {
      name: `evaluator CPU, ${COOLING_RULES} every-rules holding true (cooling) on one instrument`,
      value: cool!.many,
      unit: `ms CPU per ${COOLING_TICKS / 1_000}k ticks`,
      baseline: cool!.one,
      ratio: cooling.at(-1),
      note: `baseline: one such rule, same run; ratio over ${REPEATS} runs: ${range(cooling)}`,
    },
    cpuFigure('fold', fold, 'cold'),
    cpuFigure('fold', fold, 'warm'),
    cpuFigure('engine (decode + fold + batches)', engine, 'cold'),
    cpuFigure('engine (decode + fold + batches)', engine, 'warm'),
    lagFigure('cold'),
    lagFigure('warm'),
  ];
}
