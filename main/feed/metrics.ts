/**
 * Rates and percentiles over the last completed second, in fixed memory. Counting happens on
 * the ingest path, so it is a few additions; sorting happens once a second.
 */
import type { IntervalHistogram } from 'node:perf_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Length of a measurement window, ms. */
export const METRICS_WINDOW_MS = 1_000;
/** Latency samples kept per window; beyond it the newest overwrite the oldest. */
export const MAX_LATENCY_SAMPLES = 4_096;
/** Event-loop delay sampling resolution, ms. */
export const LOOP_RESOLUTION_MS = 10;

/**
 * The histogram records the whole interval between its timer's firings, resolution included
 * (idle, p99 is about 10.3 ms at a 10 ms resolution); the lag is what exceeds the resolution.
 */
export function loopLagMs(recordedNs: number): number {
  return Math.max(0, recordedNs / 1e6 - LOOP_RESOLUTION_MS);
}

/** Figures for the last completed window. */
export interface MetricsSnapshot {
  readonly ticksPerSec: number;
  readonly batchesPerSec: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
  readonly eventLoopLagP99Ms: number | null;
}

const EMPTY: MetricsSnapshot = {
  ticksPerSec: 0,
  batchesPerSec: 0,
  latencyP50Ms: null,
  latencyP99Ms: null,
  eventLoopLagP99Ms: null,
};

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export class Metrics {
  private windowStart: number;
  private ticks = 0;
  private batches = 0;
  private readonly latencies = new Float64Array(MAX_LATENCY_SAMPLES);
  private latencyCount = 0;
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({
    resolution: LOOP_RESOLUTION_MS,
  });
  private last: MetricsSnapshot = EMPTY;

  constructor(private readonly now: () => number = Date.now) {
    this.windowStart = now();
    this.loop.enable();
  }

  addTicks(count: number): void {
    this.ticks += count;
  }

  addBatches(count: number): void {
    this.batches += count;
  }

  addLatency(ms: number): void {
    this.latencies[this.latencyCount++ % MAX_LATENCY_SAMPLES] = ms;
  }

  /** The last completed window's figures (rolling the window over when it is due). */
  snapshot(): MetricsSnapshot {
    const now = this.now();
    const elapsed = now - this.windowStart;
    if (elapsed < METRICS_WINDOW_MS) return this.last;
    const samples = this.latencies.slice(0, Math.min(this.latencyCount, MAX_LATENCY_SAMPLES));
    samples.sort();
    const lagged = this.loop.count > 0;
    // A window with no snapshot call for a long time still reports per-second rates.
    const perSec = 1_000 / elapsed;
    this.last = {
      ticksPerSec: Math.round(this.ticks * perSec),
      batchesPerSec: Math.round(this.batches * perSec),
      latencyP50Ms: samples.length ? percentile(samples, 0.5) : null,
      latencyP99Ms: samples.length ? percentile(samples, 0.99) : null,
      eventLoopLagP99Ms: lagged ? loopLagMs(this.loop.percentile(99)) : null,
    };
    this.ticks = this.batches = this.latencyCount = 0;
    this.loop.reset();
    this.windowStart = now;
    return this.last;
  }

  close(): void {
    this.loop.disable();
  }
}
