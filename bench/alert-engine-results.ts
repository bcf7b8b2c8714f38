/**
 * The whole-path alerts benches' report (bench/alerts-engine.bench.ts one engine at a time,
 * bench/alert-engines-side.bench.ts two at once): the engine process's CPU per tick with the
 * rules against none, per pair, against issue 16's aim; the ticks the engines ingested; and the
 * event-loop lag with the rules against its aim.
 */
import { loadavg } from 'node:os';
import type { ArmFigures, ArmSettings } from './alert-engine-arm';
import { ROWS_IN_VIEW, RULES } from './alert-engine-arm';
import { percentile } from './numbers';
import { againstTarget } from './median-interval';
import { summarisePairs } from './pair-stats';
import type { BenchResult } from './report';

/** The targets: CPU with rules against none; event-loop lag p99 with rules. */
export const CPU_RATIO_TARGET = 1.15;
export const LAG_P99_TARGET_MS = 10;

export interface ArmPair {
  readonly base: ArmFigures;
  readonly with: ArmFigures;
}

const fixed = (xs: readonly number[], digits: number) =>
  xs.map((x) => x.toFixed(digits)).join(', ');

/** One line for a pair as it is measured. */
export function pairLine(i: number, count: number, r: ArmPair): string {
  return (
    `  pair ${i + 1}/${count}: ${(r.with.cpuUsPerTick / r.base.cpuUsPerTick).toFixed(3)}× ` +
    `(${r.with.cpuUsPerTick.toFixed(3)} / ${r.base.cpuUsPerTick.toFixed(3)} µs a tick; ` +
    `${Math.round(r.with.ticksPerSec)} / ${Math.round(r.base.ticksPerSec)} ticks/s; load ${loadavg()[0]!.toFixed(2)})`
  );
}

/**
 * The report's rows; `how` says how the pairs were run, `name` which bench ran them, and
 * `loadAtStart` the load average when they began.
 */
export function armResults(
  runs: readonly ArmPair[],
  settings: ArmSettings,
  how: string,
  name: string,
  loadAtStart: number,
): BenchResult[] {
  const { rate, instruments, pairs, measureMs, warmupMs, bookLevels } = settings;
  const books = bookLevels === 0 ? 'no book ticks' : 'book ticks on (the default)';
  const setup = `${rate / 1_000}k market ticks/s asked over ${instruments} instruments, ${books}; ${pairs} ${how}, measured over ${measureMs / 1_000} s after ${warmupMs / 1_000} s; a page-like consumer each (${ROWS_IN_VIEW} rows, one chart); load average ${loadAtStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`;
  const cpu = summarisePairs(
    runs.map((r) => ({ base: r.base.cpuUsPerTick, with: r.with.cpuUsPerTick })),
    CPU_RATIO_TARGET,
  );
  // The order-balanced figures decide (pair-stats.ts, balancedRatios): a single pair's ratio
  // carries which arm went first.
  const balanced = cpu.interval
    ? `order-balanced (each two pairs, one each way round) median ${cpu.balancedMedian.toFixed(3)}×, its ${Math.floor(cpu.interval.coverage * 1000) / 10} % interval ${cpu.interval.low.toFixed(3)}–${cpu.interval.high.toFixed(3)}: ${againstTarget(cpu.interval, CPU_RATIO_TARGET)}; balanced ratios ${fixed(cpu.balanced, 3)}`
    : `order-balanced: ${againstTarget(null, CPU_RATIO_TARGET)} (12 pairs or more)`;
  const withs = runs.map((r) => r.with);
  const bases = runs.map((r) => r.base);
  /** A figure of every run, with rules and without. */
  const both = (f: (r: ArmFigures) => number, digits: number) =>
    `with rules ${fixed(withs.map(f), digits)}, without ${fixed(bases.map(f), digits)}`;
  const median = (rs: readonly ArmFigures[], f: (r: ArmFigures) => number) =>
    percentile(rs.map(f), 0.5);
  const lags = withs.flatMap((r) => [r.workerLagP99Ms, r.hostLagP99Ms]);
  const worstLag = Math.max(...lags);
  return [
    {
      name: `engine process CPU per tick, ${RULES.toLocaleString('en-US')} rules / ${instruments.toLocaleString('en-US')} instruments, ${name}`,
      value: median(withs, (r) => r.cpuUsPerTick),
      unit: 'µs CPU per tick (median run)',
      baseline: median(bases, (r) => r.cpuUsPerTick),
      ratio: Number.isNaN(cpu.balancedMedian) ? cpu.median : cpu.balancedMedian,
      note: `target ≤ ${CPU_RATIO_TARGET}× (issue 16): ${balanced}; ${cpu.met} of ${runs.length} pairs met it; ratio per pair ${fixed(cpu.ratios, 3)} (range ${cpu.min.toFixed(3)}–${cpu.max.toFixed(3)}); µs a tick ${both((r) => r.cpuUsPerTick, 3)}; engine cores ${both((r) => r.cores, 2)}; ${setup}`,
    },
    {
      name: `ticks/s the engine ingested, ${name}`,
      value: median(withs, (r) => r.ticksPerSec),
      unit: 'ticks/s (median run with rules)',
      baseline: median(bases, (r) => r.ticksPerSec),
      note: `${both((r) => r.ticksPerSec, 0)}; batches/s to the consumer ${both((r) => r.batchesPerSec, 1)}; alerts fired in the window with rules ${withs.map((r) => r.alerts).join(', ')}`,
    },
    {
      name: `event-loop lag p99 with rules, the engine's worker and the host's main thread, ${name}`,
      value: worstLag,
      unit: 'ms (worst run)',
      baseline: Math.max(...bases.flatMap((r) => [r.workerLagP99Ms, r.hostLagP99Ms])),
      note: `target < ${LAG_P99_TARGET_MS} ms: ${worstLag < LAG_P99_TARGET_MS ? 'met' : 'NOT met'} in the worst run (${lags.filter((l) => l < LAG_P99_TARGET_MS).length} of ${lags.length} figures under it); window p99, 1 ms probes: worker ${both((r) => r.workerLagP99Ms, 1)}; host main thread ${both((r) => r.hostLagP99Ms, 1)}; the worker's own figure (the worst second's p99 in the batches' health, 10 ms sampling) ${both((r) => r.healthLagP99Ms, 1)}`,
    },
  ];
}
