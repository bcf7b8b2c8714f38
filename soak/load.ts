/**
 * Load on the simulator: many concurrent clients with mixed subscriptions (everything, every
 * tick; everything, conflated; a few instruments, every tick) plus a few deliberately slow ones
 * that stop reading. Measures what each fast client gets (rate, continuity, latency from the
 * tick's own timestamp) and how the slow ones end (conflated, then closed 4000 with a reason),
 * with the server's memory sampled throughout (the clients: load-clients.ts). Used by `load.test.ts` (200 clients) and
 * `npm run soak` (500); see docs/RELIABILITY.md.
 */
import { fork } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startSimulator } from '../feed-simulator/index';
import { LoadClients, type FromClients, type ToClients } from './load-clients';

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

export type ClientKind = 'all' | 'all-conflated' | 'subset';

export interface FastClientResult {
  readonly kind: ClientKind;
  readonly ticks: number;
  readonly continuityViolations: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Still open at the end. */
  readonly open: boolean;
}

export interface SlowClientResult {
  readonly closeCode: number | null;
  readonly closeReason: string;
  /** Ticks it received that stood for several events (conflated while it was behind). */
  readonly conflatedTicks: number;
}

export interface LoadReport {
  readonly clients: number;
  readonly measuredMs: number;
  /** Ticks the simulator generated while the fast clients were measured. */
  readonly ticksGenerated: number;
  readonly fast: readonly FastClientResult[];
  readonly slow: readonly SlowClientResult[];
  /** Server-process memory (heap + external buffers), MB, sampled every 500 ms. */
  readonly memoryMb: readonly number[];
  readonly connectMs: number;
}

/** The clients' process must have connected them all within this time. */
const CONNECT_TIMEOUT_MS = 300_000;
/** And report within this time of being told to finish (it waits up to 25 s for slow ones). */
const REPORT_TIMEOUT_MS = 60_000;
/** How often the clients' process hears how many clients the server still counts. */
const SERVER_CLIENTS_EVERY_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * The load's clients (soak/load-clients.ts), in this process or in one of their own, and their
 * next answer of a kind.
 */
function startClients(separateProcess: boolean) {
  let answers: EventEmitter;
  let ended: Promise<string>;
  let tell: (message: ToClients) => void;
  let stop: () => Promise<void>;
  if (separateProcess) {
    const child = fork(fileURLToPath(new URL('./load-clients-process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = once(child, 'exit');
    answers = child;
    ended = exited.then(() => `the clients' process exited (code ${child.exitCode})`);
    tell = (message) => child.send(message);
    stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill();
      await exited;
    };
  } else {
    answers = new EventEmitter();
    const clients = new LoadClients((message) => answers.emit('message', message));
    ended = new Promise(() => {});
    tell = (message) => clients.handle(message);
    stop = () => Promise.resolve(clients.close());
  }
  const answer = <T extends FromClients['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<FromClients, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`load clients: no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (m: FromClients) => {
        if (m.type !== type && m.type !== 'failed') return;
        clearTimeout(timer);
        answers.off('message', onMessage);
        if (m.type === 'failed') reject(new Error(`load clients: ${m.message}`));
        else resolve(m as Extract<FromClients, { type: T }>);
      };
      answers.on('message', onMessage);
      void ended.then((why) => {
        clearTimeout(timer);
        reject(new Error(`load clients: ${why} before ${type}`));
      });
    });
  return { tell, answer, stop };
}

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

/** The fast clients' figures by kind: count, ticks/s per client, worst p99 latency, problems. */
export function summarizeFast(report: LoadReport): Record<
  ClientKind,
  {
    clients: number;
    ticksPerSecMin: number;
    p50Ms: number;
    p99MsWorst: number;
    violations: number;
    closed: number;
  }
> {
  const out = {} as ReturnType<typeof summarizeFast>;
  for (const kind of ['all', 'all-conflated', 'subset'] as const) {
    const list = report.fast.filter((c) => c.kind === kind);
    out[kind] = {
      clients: list.length,
      ticksPerSecMin: Math.round(
        Math.min(...list.map((c) => c.ticks)) / (report.measuredMs / 1000),
      ),
      p50Ms: percentile(
        list.map((c) => c.latencyP50Ms).sort((a, b) => a - b),
        0.5,
      ),
      p99MsWorst: Math.max(...list.map((c) => c.latencyP99Ms)),
      violations: list.reduce((n, c) => n + c.continuityViolations, 0),
      closed: list.filter((c) => !c.open).length,
    };
  }
  return out;
}

/** A full garbage collection, through V8's flag when the process was not started with it. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
