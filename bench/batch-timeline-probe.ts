/**
 * Probes inside the engine's worker thread for the batch timeline (bench/batch-timeline.ts),
 * preloaded into the bench's engine process with `--import` (bench/stack.ts, `timeline`), which
 * a worker inherits with the rest of its parent's `execArgv`. In the worker it records each
 * batch's post (seq, the flush's `ts`, the structured clone timed around `postMessage`), each
 * ack's arrival, GC pauses, loop stalls (a 2 ms timer that came late) and the loop's delay
 * histogram; the engine process asks for them over a BroadcastChannel, so neither the product's
 * worker entry nor its messages change. On the main thread it does nothing.
 */
import {
  constants,
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
} from 'node:perf_hooks';
import { BroadcastChannel, isMainThread, parentPort } from 'node:worker_threads';

/** The channel the engine process asks on and the worker answers on. */
export const TIMELINE_CHANNEL = 'tickdeck-batch-timeline';

/** A span of the worker's time, epoch ms. */
export type Span = readonly [start: number, end: number];

/** A batch as the worker posted it: flush stamp, post start and end (epoch ms). */
export interface WorkerPost {
  readonly seq: number;
  readonly ts: number;
  readonly postStart: number;
  readonly postEnd: number;
}

/** What the worker answers with: everything since the previous ask. */
export interface WorkerTimeline {
  readonly posts: readonly WorkerPost[];
  /** Ack seq and when the worker's port delivered it, epoch ms. */
  readonly acks: readonly (readonly [seq: number, at: number])[];
  readonly gc: readonly Span[];
  /** Of `gc`, the mark-compacts (the rest are scavenges and incremental steps). */
  readonly majorGc: readonly Span[];
  readonly stalls: readonly Span[];
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
}

/** A timer tick later than this past its due time counts as a stall of the loop, ms. */
const STALL_MS = 5;
const TIMER_MS = 2;

function probeWorker(port: NonNullable<typeof parentPort>): void {
  const now = () => performance.timeOrigin + performance.now();
  let posts: WorkerPost[] = [];
  let acks: [number, number][] = [];
  let gc: Span[] = [];
  let stalls: Span[] = [];
  let majorGc: Span[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const span: Span = [
        performance.timeOrigin + e.startTime,
        performance.timeOrigin + e.startTime + e.duration,
      ];
      gc.push(span);
      const { kind } = (e as unknown as { detail: { kind: number } }).detail;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGc.push(span);
    }
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  setInterval(() => {
    const t = performance.now();
    if (t - last > TIMER_MS + STALL_MS)
      stalls.push([performance.timeOrigin + last + TIMER_MS, performance.timeOrigin + t]);
    last = t;
  }, TIMER_MS).unref();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();

  const post = port.postMessage.bind(port);
  port.postMessage = (message: { op?: string; batch?: { seq: number; ts: number } }) => {
    const postStart = now();
    post(message);
    if (message?.op === 'batch' && message.batch)
      posts.push({ seq: message.batch.seq, ts: message.batch.ts, postStart, postEnd: now() });
  };
  port.on('message', (message: { op?: string; seq?: number }) => {
    if (message?.op === 'ack' && message.seq !== undefined) acks.push([message.seq, now()]);
  });

  const channel = new BroadcastChannel(TIMELINE_CHANNEL);
  channel.unref();
  channel.onmessage = (event) => {
    if ((event as { data: unknown }).data !== 'ask') return;
    const answer: WorkerTimeline = {
      posts,
      acks,
      gc,
      majorGc,
      stalls,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    };
    posts = [];
    acks = [];
    gc = [];
    majorGc = [];
    stalls = [];
    loop.reset();
    channel.postMessage(answer);
  };
}

if (!isMainThread && parentPort) probeWorker(parentPort);
