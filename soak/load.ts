/**
 * Load on the simulator: many concurrent clients with mixed subscriptions (everything, every
 * tick; everything, conflated; a few instruments, every tick) plus a few deliberately slow ones
 * that stop reading. Measures what each fast client gets (rate, continuity, latency from the
 * tick's own timestamp) and how the slow ones end (conflated, then closed 4000 with a reason),
 * with the server's memory sampled throughout (the clients: load-clients.ts; what it reports:
 * load-report.ts). Used by `load.test.ts` (200 clients) and `npm run soak` (500); see
 * docs/RELIABILITY.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startSimulator } from '../feed-simulator/index';
import { startClients } from './load-clients-link';
import type { LoadReport } from './load-report';

export interface LoadOptions {
  readonly clients: number;
  readonly slowClients: number;
  /** How long the fast clients are measured, ms (after all connected and subscribed). */
  readonly measureMs: number;
  readonly rate?: number;
  readonly instruments?: number;
  /** Order book levels a side (the simulator's default when absent; 0 for none). */
  readonly bookLevels?: number;
  readonly onProgress?: (line: string) => void;
  /**
   * Runs the clients in a process of their own, so this one's CPU profile and memory are the
   * simulator's alone. Off by default: there the simulator runs flat out while the clients'
   * process, parsing every frame, can fall behind on a busy machine and be cut as slow
   * (RELIABILITY.md, "Load on the simulator"); in one process they slow each other alike.
   */
  readonly separateProcess?: boolean;
}

/** The clients' process must have connected them all within this time. */
const CONNECT_TIMEOUT_MS = 300_000;
/** And report within this time of being told to finish (it waits up to 25 s for slow ones). */
const REPORT_TIMEOUT_MS = 60_000;
/** How often the clients' process hears how many clients the server still counts. */
const SERVER_CLIENTS_EVERY_MS = 100;

/** Runs the load and reports; every socket, any clients' process and the simulator are closed before it resolves. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const log = options.onProgress ?? (() => {});
  const sim = await startSimulator({
    port: 0,
    seed: 5,
    rate: options.rate ?? 4_000,
    instruments: options.instruments ?? 16,
    matches: 4,
    ...(options.bookLevels !== undefined && { bookLevels: options.bookLevels }),
    // Pings every 5 heartbeats cut a peer that stops reading (1006, no reason); 5 s leaves the
    // slow-consumer policy (conflate, then 4000 after 3 s behind) time to act first.
    heartbeatMs: 5_000,
    maxClients: options.clients + options.slowClients + 10,
  });
  const memoryMb: number[] = [];
  collectGarbage();
  const sampleMemory = () => {
    const m = process.memoryUsage();
    memoryMb.push(Math.round((m.heapUsed + m.external) / 2 ** 20));
  };
  const sampler = setInterval(sampleMemory, 500);
  const clients = startClients(options.separateProcess ?? false);
  let watcher: NodeJS.Timeout | undefined;
  try {
    const { url } = sim;
    clients.tell({
      type: 'connect',
      url,
      clients: options.clients,
      slowClients: options.slowClients,
    });
    const { connectMs } = await clients.answer('connected', CONNECT_TIMEOUT_MS);
    log(`${options.clients} fast clients connected and subscribed in ${connectMs} ms`);
    watcher = setInterval(
      () => clients.tell({ type: 'serverClients', count: sim.stats().clients }),
      SERVER_CLIENTS_EVERY_MS,
    );

    await sleep(500); // the history sent; conflation windows running
    const before = sim.stats().ticksTotal;
    clients.tell({ type: 'measure', on: true });
    const started = Date.now();
    let nextLog = started + 5_000;
    while (Date.now() - started < options.measureMs) {
      await sleep(250);
      if (Date.now() >= nextLog) {
        nextLog += 5_000;
        log(
          `${Math.round((Date.now() - started) / 1000)} s: ${sim.stats().clients} clients, ${Math.round(sim.stats().ticksPerSec)} ticks/s, memory ${memoryMb.at(-1)} MB`,
        );
      }
    }
    clients.tell({ type: 'measure', on: false });
    const measuredMs = Date.now() - started;
    const ticksGenerated = sim.stats().ticksTotal - before;

    // The slow ones: the clients' process waits until the server let them all go and they
    // read their close frames, then reports.
    const reported = clients.answer('report', REPORT_TIMEOUT_MS);
    clients.tell({ type: 'finish' });
    const { fast, slow } = await reported;
    // Collected first, so the figure is what is held, not garbage a busy heap has not yet
    // swept (which made it vary by tens of MB between runs).
    collectGarbage();
    sampleMemory();
    return {
      clients: options.clients + options.slowClients,
      measuredMs,
      ticksGenerated,
      fast,
      slow,
      memoryMb,
      connectMs,
    };
  } finally {
    clearInterval(watcher);
    clearInterval(sampler);
    await clients.stop();
    await sim.close();
  }
}

/** A full garbage collection, through V8's flag when the process was not started with it. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
