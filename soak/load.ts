/**
 * Load on the simulator: many concurrent clients with mixed subscriptions (everything, every
 * tick; everything, conflated; a few instruments, every tick) plus a few deliberately slow ones
 * that stop reading. Measures what each fast client gets (rate, continuity, latency from the
 * tick's own timestamp) and how the slow ones end (conflated, then closed 4000 with a reason),
 * with the server's memory sampled throughout. Used by `load.test.ts` (200 clients) and
 * `npm run soak` (500); see docs/RELIABILITY.md.
 */
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import type { ServerMessage } from '../protocol/feed';
import { startSimulator } from '../feed-simulator/index';

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

const CONNECT_CONCURRENCY = 50;
/** Requests a slow client sends for the server's whole resume history (to fall behind fast). */
const SLOW_HISTORY_REQUESTS = 60;
const SLOW_HISTORY_EVERY_MS = 250;
const SLOW_CUT_WAIT_MS = 20_000;
/** Slow clients stop reading this far apart. */
const SLOW_STAGGER_MS = 1_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** A light client: counts and checks as frames arrive, keeps nothing else. */
class FastClient {
  ticks = 0;
  violations = 0;
  measuring = false;
  ids: string[] = [];
  private readonly latencies: number[] = [];
  private readonly last = new Map<string, number>();

  constructor(
    readonly ws: WebSocket,
    readonly kind: ClientKind,
  ) {
    ws.on('message', (data) => this.receive(JSON.parse(data.toString()) as ServerMessage));
  }

  private receive(m: ServerMessage): void {
    if (m.op === 'snapshot') this.last.set(m.instrument, m.seq);
    if (m.op !== 'ticks') return;
    const now = Date.now();
    for (const t of m.ticks) {
      const prev = this.last.get(t.instrument);
      if (prev !== undefined && t.seq !== prev + (t.conflated ?? 1)) this.violations++;
      this.last.set(t.instrument, t.seq);
      if (!this.measuring) continue;
      this.ticks++;
      if (this.latencies.length < 20_000) this.latencies.push(now - t.ts);
    }
  }

  result(): FastClientResult {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      kind: this.kind,
      ticks: this.ticks,
      continuityViolations: this.violations,
      latencyP50Ms: percentile(sorted, 0.5),
      latencyP99Ms: percentile(sorted, 0.99),
      open: this.ws.readyState === WebSocket.OPEN,
    };
  }
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('error', () => {});
    ws.once('open', () => resolve(ws));
    ws.once('close', (code) => reject(new Error(`closed ${code} before open`)));
  });
}

/** Runs the load and reports; every socket and the simulator are closed before it resolves. */
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
  const sockets: WebSocket[] = [];
  try {
    const instruments = await new Promise<{ id: string; kind: string }[]>((resolve) => {
      const ws = new WebSocket(sim.url);
      ws.once('message', (d) => {
        resolve(
          (JSON.parse(d.toString()) as { instruments: { id: string; kind: string }[] }).instruments,
        );
        ws.terminate();
      });
    });
    const all = instruments.map((i) => i.id);
    // Subsets are of market instruments, which tick many times a second (matches rarely do).
    const markets = instruments.filter((i) => i.kind === 'market').map((i) => i.id);
    // Mixed subscriptions: a tenth take every tick of everything, 45% everything conflated
    // (100-500 ms), 45% one to three instruments, every tick.
    const connectStarted = Date.now();
    const fast: FastClient[] = [];
    for (let i = 0; i < options.clients; i += CONNECT_CONCURRENCY) {
      const batch = Math.min(CONNECT_CONCURRENCY, options.clients - i);
      const opened = await Promise.all(Array.from({ length: batch }, () => open(sim.url)));
      opened.forEach((ws, j) => {
        const n = i + j;
        sockets.push(ws);
        const kind: ClientKind = n % 10 === 0 ? 'all' : n % 2 === 0 ? 'all-conflated' : 'subset';
        const client = new FastClient(ws, kind);
        const ids =
          kind === 'subset'
            ? markets.slice(n % markets.length, (n % markets.length) + 1 + (n % 3))
            : ['*'];
        client.ids = ids;
        ws.send(
          JSON.stringify({
            op: 'subscribe',
            id: 1,
            instruments: ids,
            ...(kind === 'all-conflated' ? { conflateMs: 100 + (n % 5) * 100 } : {}),
          }),
        );
        fast.push(client);
      });
    }
    const connectMs = Date.now() - connectStarted;
    log(`${fast.length} fast clients connected and subscribed in ${connectMs} ms`);

    // Slow clients: subscribe to everything, then stop reading, asking now and then for history
    // (within the server's history budget) so the backlog passes the conflation threshold
    // within seconds rather than minutes.
    const slow = await Promise.all(
      Array.from({ length: options.slowClients }, async (_, i) => {
        const ws = await open(sim.url);
        sockets.push(ws);
        const socket = (ws as unknown as { _socket: Socket })._socket;
        const result = { closeCode: null as number | null, closeReason: '', conflatedTicks: 0 };
        const sips: NodeJS.Timeout[] = [];
        const closed = new Promise<void>((resolve) =>
          ws.once('close', (code, reason) => {
            result.closeCode = code;
            result.closeReason = reason.toString();
            sips.forEach(clearInterval);
            resolve();
          }),
        );
        ws.on('message', (d) => {
          const m = JSON.parse(d.toString()) as ServerMessage;
          if (m.op === 'ticks')
            for (const t of m.ticks) if ((t.conflated ?? 1) > 1) result.conflatedTicks++;
        });
        ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
        // Staggered, so the server cuts them one at a time and each is seen (below).
        await sleep(300 + i * SLOW_STAGGER_MS);
        socket.pause();
        const resume = Object.fromEntries(all.map((id) => [id, 0]));
        let n = 0;
        sips.push(
          setInterval(() => {
            if (n < SLOW_HISTORY_REQUESTS)
              ws.send(JSON.stringify({ op: 'subscribe', id: 2 + n++, instruments: ['*'], resume }));
          }, SLOW_HISTORY_EVERY_MS),
        );
        const readAgain = () => {
          sips.forEach(clearInterval);
          socket.resume();
        };
        return { ws, result, closed, readAgain };
      }),
    );
    // A client the server has decided to close must read its close frame within the server's
    // handshake timeout (5 s), or it sees 1006. The server stops counting a client it is
    // closing: each drop means the next slow client, in order, was cut; it starts reading.
    let cut = 0;
    const watcher = setInterval(() => {
      const stillSlow = sim.stats().clients - fast.length;
      while (cut < slow.length && stillSlow < slow.length - cut) slow[cut++]!.readAgain();
    }, 100);

    await sleep(500); // the history sent; conflation windows running
    const before = sim.stats().ticksTotal;
    for (const c of fast) c.measuring = true;
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
    for (const c of fast) c.measuring = false;
    const measuredMs = Date.now() - started;
    const ticksGenerated = sim.stats().ticksTotal - before;

    // The slow ones: wait until the server let them all go and they read their close frames.
    await Promise.race([Promise.all(slow.map((s) => s.closed)), sleep(SLOW_CUT_WAIT_MS)]);
    clearInterval(watcher);
    for (const s of slow) s.readAgain();
    await Promise.race([Promise.all(slow.map((s) => s.closed)), sleep(5_000)]);
    // Collected first, so the figure is what is held, not garbage a busy heap has not yet
    // swept (which made it vary by tens of MB between runs).
    collectGarbage();
    sampleMemory();
    return {
      clients: options.clients + options.slowClients,
      measuredMs,
      ticksGenerated,
      fast: fast.map((c) => c.result()),
      slow: slow.map((s) => s.result),
      memoryMb,
      connectMs,
    };
  } finally {
    clearInterval(sampler);
    for (const ws of sockets) ws.terminate();
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
