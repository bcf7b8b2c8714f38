/**
 * The engine's worker as the app runs it (main/feed/engine-worker-serve.ts), with probes inside
 * the worker for the alert-latency bench: per fired alert, when the worker's socket handler took
 * the frame carrying its tick; and the worker's timeline of what held its loop: GC pauses, batch
 * posts (the structured clone of a batch, timed around `postMessage`), stalls (a 2 ms timer
 * that came late) and when each frame was taken. Started through `createWorkerFeedEngine`'s `entry` hook; the probes travel as
 * messages of their own beside the engine's, after them.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineWorkerData, FromWorker } from '../main/feed/engine-worker-messages';
import { engineFromWorkerOptions, serveEngine } from '../main/feed/engine-worker-serve';
import type { Interval, WorkerProbe } from './alert-latency-split';

/** A timer tick later than this past its due time counts as a stall of the loop, ms. */
const STALL_MS = 10;
const TIMER_MS = 2;

const port = parentPort;
if (!port) throw new Error('alert-latency-worker.ts runs only as a worker thread');
const data = workerData as EngineWorkerData;
const engine = engineFromWorkerOptions(data.options);
const epoch = (t: number) => performance.timeOrigin + t;

const gc: Interval[] = [];
const posts: Interval[] = [];
const stalls: Interval[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gc.push([epoch(e.startTime), epoch(e.startTime + e.duration)]);
}).observe({ entryTypes: ['gc'] });
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > TIMER_MS + STALL_MS) stalls.push([epoch(last + TIMER_MS), epoch(now)]);
  last = now;
}, TIMER_MS);
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();

serveEngine(
  engine,
  {
    postMessage(message: FromWorker) {
      const start = performance.now();
      port.postMessage(message);
      if (message.op === 'batch') posts.push([epoch(start), epoch(performance.now())]);
    },
    on: port.on.bind(port),
  } as Parameters<typeof serveEngine>[1],
  data,
);

// Registered after the engine's own alert post, so the product's message leaves first.
let frameAt = 0;
const frames: number[] = [];
engine.onRawFrame((_text, receivedAt) => {
  frameAt = receivedAt;
  frames.push(receivedAt);
});
engine.onAlert((event) => port.postMessage({ probe: 'alert', id: event.id, frameAt }));

// The bench asks for the timeline at the end of a measured window (and resets it).
port.on('message', (message: { probe?: string }) => {
  if (message.probe !== 'timeline') return;
  const probe: WorkerProbe = {
    probe: 'timeline',
    gc: gc.splice(0),
    posts: posts.splice(0),
    stalls: stalls.splice(0),
    frames: frames.splice(0),
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
  };
  loop.reset();
  port.postMessage(probe);
});
