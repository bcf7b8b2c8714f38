/**
 * NATS fan-out: one relay publishing the simulator at a fixed rate to 1, 5 and 20 desks, each
 * with its own NATS gateway (bench/nats-desks-process.ts), against the simulator's own
 * WebSocket fan-out to the same number of desks, in the same run. Per N: ticks/s delivered to
 * the slowest desk, tick age p99 (source `ts` to the desk's parse), relay and nats-server CPU;
 * each set against N = 1 and against the direct fan-out. Every part runs in its own process
 * (simulator, relay, nats-server, desks), so CPU is read per process.
 *
 *   node --import tsx bench/run.ts nats-fanout
 */
import { pathToFileURL } from 'node:url';
import { startChildSimulator } from '../test-support/child-simulator';
import { startNatsServer } from '../test-support/nats-server';
import { cpuSeconds, sleep, spawnTsx, stopChild, waitForLine } from './children';
import type { DeskStats } from './nats-desks-process';
import { startChildRelay } from './relay-process';
import { printResults, readList, type BenchResult } from './report';

/**
 * The simulator's `--rate` and the desk counts. The defaults keep `npm run bench` short; the
 * issue's figures (100k ticks/s to 1, 10 and 50 desks) are
 * `BENCH_NATS_RATE=100000 BENCH_NATS_DESKS=1,10,50`.
 */
const RATE = readList('BENCH_NATS_RATE', process.env.BENCH_NATS_RATE ?? '1000', 1_000_000)[0]!;
const DESKS = readList('BENCH_NATS_DESKS', process.env.BENCH_NATS_DESKS ?? '1,5,20', 100);
const INSTRUMENTS = 20;
/** Desks per desks process (see measure()). */
const DESKS_PER_PROCESS = 5;
/** Measured window per configuration, ms, after every desk has had a tick and a settle. */
const WINDOW_MS = 5_000;
const SETTLE_MS = 1_000;

interface Measured {
  readonly perDeskTicksPerSec: number;
  readonly ageP99Ms: number;
  readonly relayCpuPct: number;
  readonly natsCpuPct: number;
  readonly desksCpuPct: number;
  readonly closes: readonly string[];
  /** Clients nats-server cut off as slow consumers in the window (its `/varz`). */
  readonly slowConsumers: number;
  /** The most any client connection had waiting in nats-server at the window's end, bytes. */
  readonly maxPendingBytes: number;
}

/** nats-server's own view of its clients, from its monitoring port. */
async function natsClients(monitorUrl: string): Promise<{ slow: number; maxPending: number }> {
  const varz = (await (await fetch(`${monitorUrl}/varz`)).json()) as { slow_consumers: number };
  const connz = (await (await fetch(`${monitorUrl}/connz?limit=1024`)).json()) as {
    connections?: { pending_bytes: number }[];
  };
  const pending = (connz.connections ?? []).map((c) => c.pending_bytes);
  return { slow: varz.slow_consumers, maxPending: Math.max(0, ...pending) };
}

/**
 * Runs `desks` desks on `feed` for one window, {@link DESKS_PER_PROCESS} to a process: a
 * desktop's gateway runs in its own app, and one process holding all twenty gateways measures
 * that process's event loop rather than the fan-out.
 */
async function measure(
  feed: string,
  desks: number,
  relayPid: number,
  natsPid: number,
  monitorUrl: string,
): Promise<Measured> {
  const sizes: number[] = [];
  for (let left = desks; left > 0; left -= DESKS_PER_PROCESS)
    sizes.push(Math.min(DESKS_PER_PROCESS, left));
  const children = sizes.map((n) => spawnTsx(['bench/nats-desks-process.ts', feed, String(n)]));
  try {
    await Promise.all(children.map((c) => waitForLine(c, /^ready$/, `desks on ${feed}`)));
    await sleep(SETTLE_MS);
    const stats = children.map((c) => waitForLine(c, /^\{/, 'desk stats'));
    const relay0 = cpuSeconds(relayPid);
    const nats0 = cpuSeconds(natsPid);
    const clients0 = await natsClients(monitorUrl);
    const began = performance.now();
    for (const c of children) c.stdin.write('start\n');
    await sleep(WINDOW_MS);
    for (const c of children) c.stdin.write('stop\n');
    const clients = await natsClients(monitorUrl);
    const results = (await Promise.all(stats)).map((line) => JSON.parse(line) as DeskStats);
    const seconds = (performance.now() - began) / 1000;
    return {
      perDeskTicksPerSec: Math.min(...results.flatMap((r) => r.ticks)) / seconds,
      // The worst process's p99: a conservative bound on the p99 over all desks.
      ageP99Ms: Math.max(...results.map((r) => r.ageP99Ms)),
      relayCpuPct: ((cpuSeconds(relayPid) - relay0) / seconds) * 100,
      natsCpuPct: ((cpuSeconds(natsPid) - nats0) / seconds) * 100,
      desksCpuPct: results.reduce((sum, r) => sum + r.cpuUs, 0) / 1e4 / seconds,
      closes: results.flatMap((r) => r.closes),
      slowConsumers: clients.slow - clients0.slow,
      maxPendingBytes: clients.maxPending,
    };
  } finally {
    await Promise.all(children.map((c) => stopChild(c)));
  }
}

export async function run(): Promise<BenchResult[]> {
  const server = await startNatsServer({ monitor: true });
  const monitorUrl = server.monitorUrl!;
  const sim = await startChildSimulator([
    '--seed',
    '5',
    '--rate',
    String(RATE),
    '--instruments',
    String(INSTRUMENTS),
    '--matches',
    '0',
  ]);
  const relay = await startChildRelay(sim.url, server.url, 'fanout').catch(async (err) => {
    await sim.close();
    await server.dispose();
    throw err;
  });
  try {
    const results: BenchResult[] = [];
    let first: { nats: Measured; direct: Measured } | null = null;
    for (const desks of DESKS) {
      const direct = await measure(sim.url, desks, relay.pid, server.pid!, monitorUrl);
      const nats = await measure(`${server.url}/fanout`, desks, relay.pid, server.pid!, monitorUrl);
      console.error(
        `  ${desks} desks: direct ${JSON.stringify(direct)}; NATS ${JSON.stringify(nats)}`,
      );
      first ??= { nats, direct };
      const base = first.nats;
      const at = `${desks} desk${desks > 1 ? 's' : ''}, ${RATE} ticks/s`;
      results.push(
        {
          name: `NATS fan-out, ${at}: delivered per desk (slowest)`,
          value: Math.round(nats.perDeskTicksPerSec),
          unit: 'ticks/s',
          baseline: Math.round(direct.perDeskTicksPerSec),
          ratio: +(nats.perDeskTicksPerSec / direct.perDeskTicksPerSec).toFixed(2),
          note: `baseline: the simulator's own WebSocket fan-out; vs 1 desk through NATS ${(nats.perDeskTicksPerSec / base.perDeskTicksPerSec).toFixed(2)}×; sockets closed in the window: NATS ${nats.closes.length}, direct ${direct.closes.length}; nats-server slow consumers cut ${nats.slowConsumers}, most pending for a client at the end ${(nats.maxPendingBytes / 1024 ** 2).toFixed(1)} MiB`,
        },
        {
          name: `NATS fan-out, ${at}: tick age p99 (source ts to desk parse)`,
          value: nats.ageP99Ms,
          unit: 'ms',
          baseline: direct.ageP99Ms,
          ratio: +(nats.ageP99Ms / Math.max(1, direct.ageP99Ms)).toFixed(2),
          note: `baseline: direct; vs 1 desk through NATS ${(nats.ageP99Ms / Math.max(1, base.ageP99Ms)).toFixed(2)}×`,
        },
        {
          name: `NATS fan-out, ${at}: relay CPU`,
          value: +nats.relayCpuPct.toFixed(1),
          unit: '% of a core',
          baseline: +base.relayCpuPct.toFixed(1),
          ratio: +(nats.relayCpuPct / base.relayCpuPct).toFixed(2),
          note: `baseline: 1 desk; nats-server ${nats.natsCpuPct.toFixed(1)} % (1 desk ${base.natsCpuPct.toFixed(1)} %); desks processes ${nats.desksCpuPct.toFixed(0)} % (direct ${direct.desksCpuPct.toFixed(0)} %)`,
        },
      );
    }
    return results;
  } finally {
    await relay.close();
    await sim.close();
    await server.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('NATS fan-out', await run());
}
