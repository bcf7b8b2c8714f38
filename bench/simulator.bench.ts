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
 * Run: `npx tsx bench/simulator.bench.ts` (or `npm run bench -- simulator`).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { DEFAULT_SIMULATOR_OPTIONS, startSimulator } from '../feed-simulator/index';
import { IntervalTicks } from '../feed-simulator/interval-ticks';
import { Simulation } from '../feed-simulator/simulation';
import { printResults, type BenchResult } from './report';

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

interface Measured {
  readonly ticksPerSec: number;
  readonly framesPerSec: number;
  readonly bytesPerFrame: number;
  readonly cpuMsPer100k: number;
}

interface SocketCounts {
  readonly ticks: number;
  readonly frames: number;
  readonly bytes: number;
}

/** Connects `clients` sockets to `url` from a client process and measures what they receive. */
async function measure(url: string, clients: number): Promise<Measured> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test-support/tick-count-client.ts', url, String(clients)],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const ready = await Promise.race([
      lines.next(),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error('bench client did not connect')),
          CLIENT_READY_TIMEOUT_MS,
        ),
      ),
    ]);
    if (ready.value !== 'ready') throw new Error(`bench client said ${String(ready.value)}`);
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    child.stdin!.write('start\n');
    const cpu = process.cpuUsage();
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
    child.stdin!.write('stop\n');
    const counts = JSON.parse((await lines.next()).value as string) as SocketCounts[];
    const elapsedS = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const sum = (key: keyof SocketCounts) => counts.reduce((a, c) => a + c[key], 0);
    const [ticks, frames, bytes] = [sum('ticks'), sum('frames'), sum('bytes')];
    return {
      ticksPerSec: ticks / elapsedS,
      framesPerSec: frames / elapsedS,
      bytesPerFrame: bytes / Math.max(1, frames),
      cpuMsPer100k: (used.user + used.system) / 1000 / (ticks / 100_000),
    };
  } finally {
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  }
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

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
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

/** Runs the simulator benchmark: eight measured windows of WARM_UP_MS + MEASURE_MS, plus client start-up. */
export async function run(): Promise<BenchResult[]> {
  return [...(await oneClient()), ...(await tenClients())];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Feed simulator throughput', await run());
}
