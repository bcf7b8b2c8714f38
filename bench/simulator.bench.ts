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
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { DEFAULT_SIMULATOR_OPTIONS, startSimulator } from '../feed-simulator/index';
import { IntervalTicks } from '../feed-simulator/interval-ticks';
import { Simulation } from '../feed-simulator/simulation';
import { printResults, type BenchResult } from './report';
import { median } from './numbers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Asked-for rate: far above what one core can generate, so the server runs flat out. */
const FULL_RATE = 2_000_000;
const INSTRUMENTS = 20;
const WARM_UP_MS = 1_000;
const MEASURE_MS = 3_000;
/** One-client comparisons, naive then ours each time; the figures give their range. */
const ROUNDS = 3;
/** The naive server stops queueing past this backlog so the bench cannot exhaust memory. */
const NAIVE_MAX_BACKLOG_BYTES = 16 * 1024 * 1024;
/** A client process that has not connected in this time has failed. */
const CLIENT_READY_TIMEOUT_MS = 60_000;
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
/** Linux's clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS_PER_SEC = 100;

interface Measured {
  readonly ticksPerSec: number;
  readonly framesPerSec: number;
  readonly bytesPerFrame: number;
  readonly cpuMsPer100k: number;
}

interface SocketCounts {
  readonly kind: 'all' | 'all-conflated' | 'subset';
  readonly ticks: number;
  readonly frames: number;
  readonly bytes: number;
}

/** A process's first stdout line, or an error after `timeoutMs`. */
async function firstLine(
  lines: AsyncIterator<string>,
  what: string,
  timeoutMs: number,
): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const line = await Promise.race([
    lines.next(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing in ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return String(line.value);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects `clients` sockets to `url` from a client process (`mix`: the soak's mixed
 * subscriptions) and counts what they receive over a measured window; `cpuMs` reads the
 * server's CPU time.
 */
async function countTicks(
  url: string,
  clients: number,
  mix: boolean,
  windows: { warmUpMs: number; measureMs: number },
  cpuMs: () => Promise<number>,
): Promise<{ counts: SocketCounts[]; elapsedS: number; usedCpuMs: number }> {
  const args = ['test-support/tick-count-client.ts', url, String(clients), ...(mix ? ['mix'] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const ready = await firstLine(lines, 'bench client', CLIENT_READY_TIMEOUT_MS);
    if (ready !== 'ready') throw new Error(`bench client said ${ready}`);
    await sleep(windows.warmUpMs);
    child.stdin!.write('start\n');
    const cpuBefore = await cpuMs();
    const started = performance.now();
    await sleep(windows.measureMs);
    child.stdin!.write('stop\n');
    const counts = JSON.parse((await lines.next()).value as string) as SocketCounts[];
    const elapsedS = (performance.now() - started) / 1000;
    return { counts, elapsedS, usedCpuMs: (await cpuMs()) - cpuBefore };
  } finally {
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  }
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

/** The naive server: the same events, but every tick is its own frame, serialised per client. */
async function startNaive(): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  const sim = new Simulation(
    {
      seed: 1,
      instruments: INSTRUMENTS,
      matches: 0,
      rate: FULL_RATE,
      scenario: 'steady',
      matchDurationMs: 600_000,
      bookLevels: DEFAULT_SIMULATOR_OPTIONS.bookLevels,
    },
    performance.now(),
    Date.now(),
  );
  const timer = setInterval(() => {
    const interval = new IntervalTicks();
    sim.advance(performance.now(), Date.now(), interval);
    for (const ws of wss.clients) {
      if (ws.bufferedAmount > NAIVE_MAX_BACKLOG_BYTES) continue;
      for (const tick of interval.ticks) ws.send(JSON.stringify({ op: 'ticks', ticks: [tick] }));
    }
  }, 10);
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      clearInterval(timer);
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

async function measureNaive(clients: number): Promise<Measured> {
  const naive = await startNaive();
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

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3));
const range = (xs: readonly number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;

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

/** A process's CPU time (user + system), ms, from /proc (Linux). */
async function processCpuMs(pid: number): Promise<number> {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SEC;
}

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
      () => processCpuMs(sim.pid!),
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
async function fanOut(): Promise<BenchResult[]> {
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
