/**
 * Feed simulator throughput: ticks per second delivered to 1 and to 10 local clients at full
 * rate, and server CPU per 100k ticks delivered, against a naive server measured in the same
 * run that generates the same events but sends one frame per tick (JSON.stringify per client).
 *
 * Clients run in a child process, so `process.cpuUsage()` here is the server's alone. They count
 * ticks without parsing JSON (one `{"instrument":` per tick), so what limits the figure is the
 * server and the socket, not a client's JSON.parse.
 *
 * Run: `npx tsx bench/simulator.bench.ts` (or through `npm run bench`).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { DEFAULT_SIMULATOR_OPTIONS, startSimulator } from '../feed-simulator/index';
import { Frame } from '../feed-simulator/frame';
import { Simulation } from '../feed-simulator/simulation';
import { printResults, type BenchResult } from './report';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Asked-for rate: far above what one core can generate, so the server runs flat out. */
const FULL_RATE = 2_000_000;
const INSTRUMENTS = 20;
const WARM_UP_MS = 1_000;
const MEASURE_MS = 3_000;
/** The naive server stops queueing past this backlog so the bench cannot exhaust memory. */
const NAIVE_MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

/**
 * Client process: opens N sockets, subscribes to everything, counts ticks per socket; "start"
 * on stdin zeroes the counters, "stop" prints them as JSON.
 */
const CLIENT_SCRIPT = `
import WebSocket from 'ws';
import { createInterface } from 'node:readline';
const [url, n] = process.argv.slice(1);
const marker = Buffer.from('{"instrument":');
const counts = new Array(Number(n)).fill(0);
let open = 0;
for (let i = 0; i < Number(n); i++) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('open', () => {
    ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
    if (++open === counts.length) console.log('ready');
  });
  ws.on('message', (buf) => {
    let at = buf.indexOf(marker);
    while (at !== -1) { counts[i]++; at = buf.indexOf(marker, at + marker.length); }
  });
}
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'start') counts.fill(0);
  if (line === 'stop') { console.log(JSON.stringify(counts)); process.exit(0); }
});
`;

interface Measured {
  readonly ticksPerSec: number;
  readonly cpuMsPer100k: number;
}

/** Connects `clients` sockets to `url` in a child process and measures what they receive. */
async function measure(url: string, clients: number): Promise<Measured> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', CLIENT_SCRIPT, url, String(clients)],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  if ((await lines.next()).value !== 'ready') throw new Error('bench clients did not connect');
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  child.stdin!.write('start\n');
  const cpu = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  child.stdin!.write('stop\n');
  const counts = JSON.parse((await lines.next()).value as string) as number[];
  const elapsedS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await once(child, 'exit');
  const ticks = counts.reduce((a, b) => a + b, 0);
  return {
    ticksPerSec: ticks / elapsedS,
    cpuMsPer100k: (used.user + used.system) / 1000 / (ticks / 100_000),
  };
}

/** The naive server: same events, but every tick is its own frame, serialised per client. */
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
    const frame = new Frame();
    sim.advance(performance.now(), Date.now(), frame);
    for (const ws of wss.clients) {
      if (ws.bufferedAmount > NAIVE_MAX_BACKLOG_BYTES) continue;
      for (const tick of frame.ticks) ws.send(JSON.stringify({ op: 'ticks', ticks: [tick] }));
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

async function compare(clients: number): Promise<BenchResult[]> {
  const naive = await startNaive();
  const base = await measure(naive.url, clients).finally(() => naive.close());
  const sim = await startSimulator({
    port: 0,
    rate: FULL_RATE,
    instruments: INSTRUMENTS,
    matches: 0,
  });
  const ours = await measure(sim.url, clients).finally(() => sim.close());
  const label = clients === 1 ? '1 client' : `${clients} clients`;
  return [
    {
      name: `ticks/s delivered, ${label} (sum)`,
      value: ours.ticksPerSec,
      unit: 'ticks/s',
      baseline: base.ticksPerSec,
      ratio: ours.ticksPerSec / base.ticksPerSec,
      note: 'baseline: one frame per tick',
    },
    {
      name: `server CPU per 100k ticks, ${label}`,
      value: ours.cpuMsPer100k,
      unit: 'ms',
      baseline: base.cpuMsPer100k,
      ratio: base.cpuMsPer100k / ours.cpuMsPer100k,
      note: 'ratio = baseline / ours (higher is better)',
    },
  ];
}

/** Runs the simulator benchmark (about 20 s). */
export async function run(): Promise<BenchResult[]> {
  return [...(await compare(1)), ...(await compare(10))];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Feed simulator throughput', await run());
}
