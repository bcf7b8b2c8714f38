/**
 * The app's engine process for end-to-end benchmarks: the same app host and browser-mode web
 * host `npm run web` runs (main/host/host.ts, main/web/web-host.ts), in a process of its own so its CPU
 * and heap are measured apart from the simulator, Chromium and the bench itself.
 *
 * Started by bench/stack.ts as `node --expose-gc --import tsx bench/engine-process.ts <feed>
 * <rendererDir> [<more feeds>…] [--rules <rules.json> [--settings <settings.json>]] [--timeline] [--lag]` (more
 * feeds: several sources at once; rules: a JSON list of alert rules for the run; settings: a
 * file, so the alert log is written beside it). Prints one JSON line `{"url": ...}` when serving; then answers each stdin line
 * `stats` (or `gc`, which collects garbage first) with one JSON line of {@link EngineStats};
 * with `--timeline` (and bench/batch-timeline-probe.ts preloaded), `timeline` with one line of
 * {@link EngineTimeline};
 * with `--lag` (and bench/loop-lag-probe.ts preloaded), `lag` with one line of {@link EngineLag};
 * `exit` closes everything.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { AlertRule } from '../protocol/alerts';
import { createAppHost } from '../main/host/host';
import { startWebHost } from '../main/web/web-host';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BroadcastChannel } from 'node:worker_threads';
import { TIMELINE_CHANNEL, type WorkerTimeline } from './batch-timeline-probe';
import { LAG_CHANNEL, LAG_RESOLUTION_MS, lagMs, type WorkerLag } from './loop-lag-probe';

/** What the engine process reports. Counters are totals since start. */
export interface EngineStats {
  readonly heapUsed: number;
  /** Memory of ArrayBuffers (the engine's history rings), outside the JS heap. */
  readonly arrayBuffers: number;
  readonly rss: number;
  /** CPU time of this process, µs (user + system). */
  readonly cpuUs: number;
  /** Ticks the engine ingested, as the newest batch's health reported it. */
  readonly ticksTotal: number;
  /** Messages and bytes (UTF-16 code units; the batches are ASCII JSON) sent to pages. */
  readonly messagesSent: number;
  readonly bytesSent: number;
  /** Batches sent to pages. */
  readonly batches: number;
}

/**
 * Event-loop lag since the previous ask, ms: the delay past the probes' 1 ms resolution, as
 * main/feed/metrics.ts reads its own; the engine's worker thread and this process's main thread.
 */
export interface EngineLag {
  readonly worker: WorkerLag;
  readonly host: WorkerLag;
}

const TICKS_TOTAL_KEY = '"ticksTotal":';
/** A batch message's head, up to its seq (`Batch` keys in the order the batcher writes them). */
const SEQ_AT = '{"type":"batch","batch":{"seq":'.length;

/** The batch timeline: the worker's probes, and when this process sent each batch on. */
export interface EngineTimeline extends WorkerTimeline {
  /** Batch seq and when the host's socket sent it (after its JSON), epoch ms. */
  readonly hostSent: readonly (readonly [seq: number, at: number])[];
}
let hostSent: [number, number][] | null = null;

let messagesSent = 0;
let bytesSent = 0;
let batches = 0;
let ticksTotal = 0;

// Count what the web host's server-side sockets send (the feed client's socket to the
// simulator is a client socket and is not counted). The newest batch's health carries the
// engine's tick total; it sits near the end of the message, so lastIndexOf finds it cheaply.
const send = WebSocket.prototype.send as (this: WebSocket, ...args: unknown[]) => void;
WebSocket.prototype.send = function (
  this: WebSocket & { _isServer?: boolean },
  ...args: unknown[]
) {
  const data = args[0];
  if (this._isServer && typeof data === 'string') {
    messagesSent++;
    bytesSent += data.length;
    if (data.startsWith('{"type":"batch"')) {
      batches++;
      const at = data.lastIndexOf(TICKS_TOTAL_KEY);
      if (at !== -1) ticksTotal = parseInt(data.slice(at + TICKS_TOTAL_KEY.length), 10);
      hostSent?.push([parseInt(data.slice(SEQ_AT, SEQ_AT + 12), 10), Date.now()]);
    }
  }
  return send.apply(this, args);
} as typeof WebSocket.prototype.send;

function stats(): EngineStats {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    heapUsed: mem.heapUsed,
    arrayBuffers: mem.arrayBuffers,
    rss: mem.rss,
    cpuUs: cpu.user + cpu.system,
    ticksTotal,
    messagesSent,
    bytesSent,
    batches,
  };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rules: { type: 'string' },
    settings: { type: 'string' },
    timeline: { type: 'boolean' },
    lag: { type: 'boolean' },
  },
});
if (values.timeline) hostSent = [];
const hostLoop = values.lag ? monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS }) : null;
hostLoop?.enable();
const [feed, rendererDir, ...moreFeeds] = positionals;
if (!feed || !rendererDir) {
  console.error(
    'usage: engine-process.ts <feed> <rendererDir> [<more feeds>…] [--rules <rules.json>] [--settings <settings.json>] [--timeline] [--lag]',
  );
  process.exit(2);
}
// Several feeds are several sources at once, as `--feed` given more than once.
const feeds = [feed, ...moreFeeds].map((f) => ({ feed: f, endpoint: null }));
// Run rules, as `--alert` gives them (bench/alert-toast.bench.ts loads thousands this way);
// with a settings path, the alert log is a synced file beside it, as in the app.
const alertRules = values.rules
  ? (JSON.parse(readFileSync(values.rules, 'utf8')) as AlertRule[])
  : undefined;
const appHost = await createAppHost({
  settingsPath: values.settings ?? null,
  overrides: { feed, ...(feeds.length > 1 && { feeds }) },
  alertRules,
});
const web = await startWebHost({ port: 0, rendererDir, appHost });
console.log(JSON.stringify({ url: web.url }));

const gc = (globalThis as { gc?: () => void }).gc;
const close = () =>
  void web
    .close()
    .then(() => appHost.close())
    .finally(() => process.exit(0));
const lines = createInterface({ input: process.stdin });
lines.on('close', close); // the bench went away: never outlive it
lines.on('line', (line) => {
  if (line === 'gc' || line === 'stats') {
    if (line === 'gc') gc?.();
    console.log(JSON.stringify(stats()));
  } else if (line === 'timeline') void answerTimeline();
  else if (line === 'lag') void answerLag();
  else if (line === 'exit') close();
});

/** How long the worker's probes may take to answer (a stalled worker still answers in this). */
const PROBE_ANSWER_MS = 10_000;

/** Asks the worker on `channel` and resolves with its answer, or null if it does not answer. */
async function askWorker<T>(name: string): Promise<T | null> {
  const channel = new BroadcastChannel(name);
  let timer: NodeJS.Timeout | undefined;
  const answer = await new Promise<T | null>((resolve) => {
    channel.onmessage = (event) => resolve((event as { data: T }).data);
    timer = setTimeout(() => resolve(null), PROBE_ANSWER_MS);
    channel.postMessage('ask');
  });
  clearTimeout(timer);
  channel.close();
  return answer;
}

/** Asks the worker's lag probe (bench/loop-lag-probe.ts) and prints it with this thread's. */
async function answerLag(): Promise<void> {
  if (hostLoop === null) throw new Error('lag asked of an engine process without --lag');
  const worker = await askWorker<WorkerLag>(LAG_CHANNEL);
  const host = { p99Ms: lagMs(hostLoop.percentile(99)), maxMs: lagMs(hostLoop.max) };
  hostLoop.reset();
  // Null tells the bench the worker did not answer, rather than leaving it waiting.
  const lag: EngineLag | null = worker && { worker, host };
  console.log(JSON.stringify({ lag }));
}

/** Asks the worker's probes (bench/batch-timeline-probe.ts) and prints them with the host's. */
async function answerTimeline(): Promise<void> {
  if (hostSent === null) throw new Error('timeline asked of an engine process without --timeline');
  const worker = await askWorker<WorkerTimeline>(TIMELINE_CHANNEL);
  const sent = hostSent.splice(0);
  // Null tells the bench the worker did not answer, rather than leaving it waiting.
  const timeline: EngineTimeline | null = worker && { ...worker, hostSent: sent };
  console.log(JSON.stringify({ timeline }));
}
