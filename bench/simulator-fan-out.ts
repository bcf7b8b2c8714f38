/**
 * bench/simulator.bench.ts's fan-out rounds: the simulator CLI in a process of its own at the load
 * soak's rate serving FAN_OUT_CLIENTS clients with the soak's mixed subscriptions; the figure is
 * the simulator process's CPU per 100k ticks it generated, against a baseline checkout's
 * (`BENCH_SIMULATOR_BASELINE_ROOT`) measured alternately in the same run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ROOT, cpuSeconds } from './children';
import { median, range } from './numbers';
import type { BenchResult } from './report';
import { CLIENT_READY_TIMEOUT_MS, countTicks, firstLine } from './tick-count';

/** Fan-out: clients, rounds (baseline then ours each), and the load soak's feed. */
const FAN_OUT_CLIENTS = 200;
const FAN_OUT_ROUNDS = 3;
const FAN_OUT_FEED = [
  ...['--rate', '4000', '--instruments', '16', '--matches', '4', '--seed', '5'],
  ...['--max-clients', String(FAN_OUT_CLIENTS + 10)],
];
/** Fan-out clients subscribe, get their snapshots and open their conflation windows first. */
const FAN_OUT_WARM_UP_MS = 3_000;
const FAN_OUT_MEASURE_MS = 6_000;

interface FanOut {
  /** Ticks the simulator generated per second, as its every-tick-of-everything clients saw. */
  readonly ticksPerSec: number;
  /** The simulator process's CPU, % of a core. */
  readonly cpuPercent: number;
  readonly cpuMsPer100k: number;
}

/** The simulator CLI of the checkout at `root`, serving FAN_OUT_CLIENTS mixed clients. */
async function measureFanOut(root: string): Promise<FanOut> {
  const sim = spawn(
    process.execPath,
    ['--import', 'tsx', 'feed-simulator/main.ts', '--port', '0', ...FAN_OUT_FEED],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const lines = createInterface({ input: sim.stdout! })[Symbol.asyncIterator]();
    const banner = await firstLine(lines, `simulator in ${root}`, CLIENT_READY_TIMEOUT_MS);
    const url = /ws:\/\/\S+/.exec(banner)?.[0];
    if (url === undefined) throw new Error(`simulator in ${root} said ${banner}`);
    const windows = { warmUpMs: FAN_OUT_WARM_UP_MS, measureMs: FAN_OUT_MEASURE_MS };
    const { counts, elapsedS, usedCpuMs } = await countTicks(
      url,
      FAN_OUT_CLIENTS,
      true,
      windows,
      () => Promise.resolve(cpuSeconds(sim.pid!) * 1000),
    );
    const generated = median(counts.filter((c) => c.kind === 'all').map((c) => c.ticks));
    return {
      ticksPerSec: generated / elapsedS,
      cpuPercent: (usedCpuMs / (elapsedS * 1000)) * 100,
      cpuMsPer100k: usedCpuMs / (generated / 100_000),
    };
  } finally {
    if (sim.exitCode === null) {
      sim.kill();
      await once(sim, 'exit');
    }
  }
}

/** FAN_OUT_ROUNDS fan-out rounds, the baseline checkout's simulator then ours, if one is named. */
export async function fanOut(): Promise<BenchResult[]> {
  const baselineRoot = process.env.BENCH_SIMULATOR_BASELINE_ROOT;
  const base: FanOut[] = [];
  const ours: FanOut[] = [];
  for (let round = 0; round < FAN_OUT_ROUNDS; round++) {
    if (baselineRoot) base.push(await measureFanOut(baselineRoot));
    ours.push(await measureFanOut(ROOT));
  }
  const pick = (fs: FanOut[], key: keyof FanOut) => fs.map((f) => f[key]);
  const cpu = pick(ours, 'cpuMsPer100k');
  const ratios = base.map((b, i) => b.cpuMsPer100k / ours[i]!.cpuMsPer100k);
  const what = `${FAN_OUT_CLIENTS} mixed clients, 4,000 ticks/s asked`;
  return [
    {
      name: `simulator CPU per 100k ticks generated, ${what} (median of rounds)`,
      value: median(cpu),
      unit: 'ms',
      ...(baselineRoot && {
        baseline: median(pick(base, 'cpuMsPer100k')),
        ratio: median(ratios),
      }),
      note: baselineRoot
        ? `rounds: ours ${range(cpu)}, baseline ${range(pick(base, 'cpuMsPer100k'))}, ratio ${range(ratios)} (baseline / ours, higher is better); baseline: ${baselineRoot}`
        : `rounds: ${range(cpu)}; no baseline (set BENCH_SIMULATOR_BASELINE_ROOT to a checkout of an earlier commit)`,
    },
    {
      name: `ticks/s generated, ${what} (median of rounds)`,
      value: median(pick(ours, 'ticksPerSec')),
      unit: 'ticks/s',
      ...(baselineRoot && { baseline: median(pick(base, 'ticksPerSec')) }),
      note: `rounds: ours ${range(pick(ours, 'ticksPerSec'))}; simulator CPU ${range(pick(ours, 'cpuPercent'))} % of a core${baselineRoot ? ` (baseline ${range(pick(base, 'cpuPercent'))} %)` : ''}`,
    },
  ];
}
