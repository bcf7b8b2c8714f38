/**
 * Feed simulator throughput: ticks per second delivered to one client at `--rate 2000000`
 * (far above what one core generates, so the server runs flat out), against a naive server
 * measured in the same run, driven by the same simulator events, that sends one frame per tick
 * (`JSON.stringify` per tick per client). Also ten clients, server CPU per 100k ticks, frame
 * size and frames per second. The one-client comparison is repeated ROUNDS times, naive and
 * ours alternating, and reported as the median with the range.
 *
 * The client is its own process (test-support/tick-count-client.ts) and counts ticks without
 * parsing JSON, so `process.cpuUsage()` here is the server's alone and what limits the figure
 * is the server and the socket, not a client's `JSON.parse`.
 *
 * Fan-out: the simulator CLI in a process of its own at the load soak's rate (4,000 ticks/s, 16
 * instruments, 4 matches, the default 10-level books) serving FAN_OUT_CLIENTS clients with the
 * soak's mixed subscriptions (a tenth every tick of everything, 45 % conflated, 45 % a few
 * instruments); the figure is the simulator process's CPU per 100k ticks it generated. With
 * `BENCH_SIMULATOR_BASELINE_ROOT` naming a checkout of an earlier commit (with node_modules), the
 * same is measured there, alternating, FAN_OUT_ROUNDS times, and the ratio printed.
 *
 * Run: `npx tsx bench/simulator.bench.ts` (or `npm run bench -- simulator`).
 */
import { pathToFileURL } from 'node:url';
import { startSimulator } from '../feed-simulator/index';
import { printResults, type BenchResult } from './report';
import { median, range } from './numbers';
import { fanOut } from './simulator-fan-out';
import { startNaive } from './simulator-naive';
import { countTicks } from './tick-count';

/** Asked-for rate: far above what one core can generate, so the server runs flat out. */
const FULL_RATE = 2_000_000;
const INSTRUMENTS = 20;
const WARM_UP_MS = 1_000;
const MEASURE_MS = 3_000;
/** One-client comparisons, naive then ours each time; the figures give their range. */
const ROUNDS = 3;

interface Measured {
  readonly ticksPerSec: number;
  readonly framesPerSec: number;
  readonly bytesPerFrame: number;
  readonly cpuMsPer100k: number;
}

/** This process's CPU time, ms. */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return Promise.resolve((user + system) / 1000);
};

/** Connects `clients` sockets to `url` from a client process and measures what they receive. */
async function measure(url: string, clients: number): Promise<Measured> {
  const windows = { warmUpMs: WARM_UP_MS, measureMs: MEASURE_MS };
  const { counts, elapsedS, usedCpuMs } = await countTicks(url, clients, false, windows, ownCpuMs);
  const sum = (key: 'ticks' | 'frames' | 'bytes') => counts.reduce((a, c) => a + c[key], 0);
  const [ticks, frames, bytes] = [sum('ticks'), sum('frames'), sum('bytes')];
  return {
    ticksPerSec: ticks / elapsedS,
    framesPerSec: frames / elapsedS,
    bytesPerFrame: bytes / Math.max(1, frames),
    cpuMsPer100k: usedCpuMs / (ticks / 100_000),
  };
}

async function measureNaive(clients: number): Promise<Measured> {
  const naive = await startNaive({ instruments: INSTRUMENTS, rate: FULL_RATE });
  return measure(naive.url, clients).finally(() => naive.close());
}

async function measureOurs(clients: number): Promise<Measured> {
  const sim = await startSimulator({
    port: 0,
    rate: FULL_RATE,
    instruments: INSTRUMENTS,
    matches: 0,
  });
  return measure(sim.url, clients).finally(() => sim.close());
}

/** ROUNDS one-client rounds, naive and ours alternating so both see the same machine. */
async function oneClient(): Promise<BenchResult[]> {
  const naive: Measured[] = [];
  const ours: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    naive.push(await measureNaive(1));
    ours.push(await measureOurs(1));
  }
  const ratios = ours.map((o, i) => o.ticksPerSec / naive[i]!.ticksPerSec);
  const pick = (ms: Measured[], key: keyof Measured) => ms.map((m) => m[key]);
  const ourTicks = pick(ours, 'ticksPerSec');
  const naiveTicks = pick(naive, 'ticksPerSec');
  return [
    {
      name: 'ticks/s delivered, 1 client, rate 2M (median of rounds)',
      value: median(ourTicks),
      unit: 'ticks/s',
      baseline: median(naiveTicks),
      ratio: median(ratios),
      note: `rounds: ours ${range(ourTicks)}, naive ${range(naiveTicks)}, ratio ${range(ratios)}; baseline: one frame per tick`,
    },
    {
      name: 'frames/s, 1 client',
      value: median(pick(ours, 'framesPerSec')),
      unit: 'frames/s',
      baseline: median(pick(naive, 'framesPerSec')),
      note: `rounds: ours ${range(pick(ours, 'framesPerSec'))}`,
    },
    {
      name: 'frame size, 1 client',
      value: median(pick(ours, 'bytesPerFrame')),
      unit: 'bytes',
      baseline: median(pick(naive, 'bytesPerFrame')),
      note: `rounds: ours ${range(pick(ours, 'bytesPerFrame'))}`,
    },
    {
      name: 'server CPU per 100k ticks, 1 client',
      value: median(pick(ours, 'cpuMsPer100k')),
      unit: 'ms',
      baseline: median(pick(naive, 'cpuMsPer100k')),
      ratio: median(pick(naive, 'cpuMsPer100k')) / median(pick(ours, 'cpuMsPer100k')),
      note: 'ratio = baseline / ours (higher is better)',
    },
  ];
}

async function tenClients(): Promise<BenchResult[]> {
  const base = await measureNaive(10);
  const ours = await measureOurs(10);
  return [
    {
      name: 'ticks/s delivered, 10 clients (sum)',
      value: ours.ticksPerSec,
      unit: 'ticks/s',
      baseline: base.ticksPerSec,
      ratio: ours.ticksPerSec / base.ticksPerSec,
      note: 'baseline: one frame per tick',
    },
    {
      name: 'server CPU per 100k ticks, 10 clients',
      value: ours.cpuMsPer100k,
      unit: 'ms',
      baseline: base.cpuMsPer100k,
      ratio: base.cpuMsPer100k / ours.cpuMsPer100k,
      note: 'ratio = baseline / ours (higher is better)',
    },
  ];
}

/**
 * Runs the simulator benchmark: eight measured windows of WARM_UP_MS + MEASURE_MS, plus client
 * start-up, then the fan-out rounds.
 */
export async function run(): Promise<BenchResult[]> {
  return [...(await oneClient()), ...(await tenClients()), ...(await fanOut())];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Feed simulator throughput', await run());
}
