/**
 * The event-loop lag of the engine's worker thread, for bench/engine-process.ts's `--lag`:
 * preloaded into the engine process with `--import` (bench/stack.ts), which the worker inherits
 * with the rest of its parent's `execArgv`, so the product's worker entry does not change. In
 * the worker it keeps a 1 ms delay histogram and, asked over a BroadcastChannel, answers with
 * its p99 since the last ask; on the main thread it does nothing (the engine process probes
 * its own loop).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BroadcastChannel, isMainThread, parentPort } from 'node:worker_threads';

/** The channel the engine process asks on ('ask') and the worker answers on. */
export const LAG_CHANNEL = 'tickdeck-loop-lag';
/** The histogram's resolution, ms: fine enough to read a 10 ms target. */
export const LAG_RESOLUTION_MS = 1;

/** What the worker answers. */
export interface WorkerLag {
  /** p99 and max of the delay past the resolution since the previous ask, ms. */
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** The histogram records whole intervals, resolution included: the lag is what exceeds it. */
export const lagMs = (recordedNs: number): number =>
  Math.max(0, recordedNs / 1e6 - LAG_RESOLUTION_MS);

function probeWorker(): void {
  const loop = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  loop.enable();
  const channel = new BroadcastChannel(LAG_CHANNEL);
  channel.unref();
  channel.onmessage = (event) => {
    if ((event as { data: unknown }).data !== 'ask') return;
    const answer: WorkerLag = { p99Ms: lagMs(loop.percentile(99)), maxMs: lagMs(loop.max) };
    loop.reset();
    channel.postMessage(answer);
  };
}

if (!isMainThread && parentPort) probeWorker();
