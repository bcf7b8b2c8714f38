/**
 * Renderer-side performance figures: frames drawn per second and tick-to-pixel latency (the
 * frame's wall-clock time minus the newest tick's event time of the batch it drew).
 * Exposed as `window.__tickdeckMetrics` for the benchmark and end-to-end tests.
 */

/** Latency samples kept for percentiles. */
export const LATENCY_SAMPLES = 512;

/** Read-only snapshot published on `window.__tickdeckMetrics`. */
export interface TickdeckMetrics {
  /** Frames that drew at least one batch, since start. */
  frames: number;
  /** Animation frames per second over the last second. */
  fps: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

/** Percentile (0..1) of the values, nearest rank; null when empty. */
export function percentile(values: ArrayLike<number>, count: number, p: number): number | null {
  if (count === 0) return null;
  const sorted = Array.from({ length: count }, (_, i) => values[i]!).sort((a, b) => a - b);
  return sorted[Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1))]!;
}

/** Sorted copy target for {@link FrameMetrics.snapshot}, reused so a snapshot allocates nothing. */
const sortScratch = new Float64Array(LATENCY_SAMPLES);

export class FrameMetrics {
  private readonly samples = new Float64Array(LATENCY_SAMPLES);
  private sampleCount = 0;
  private sampleNext = 0;
  private frameTimes: number[] = [];
  frames = 0;
  // The snapshot is published every animation frame but samples change only when a batch is
  // drawn: percentiles are recomputed (one typed-array sort for both) only after a new sample.
  private sampleVersion = 0;
  private percentilesVersion = -1;
  private p50: number | null = null;
  private p99: number | null = null;

  /** Records one drawn frame at `nowMs` (epoch ms) for a batch whose newest tick was `tickTs`. */
  recordDraw(nowMs: number, tickTs: number | null): void {
    this.frames++;
    if (tickTs === null) return;
    this.samples[this.sampleNext] = Math.max(0, nowMs - tickTs);
    this.sampleNext = (this.sampleNext + 1) % LATENCY_SAMPLES;
    this.sampleCount = Math.min(LATENCY_SAMPLES, this.sampleCount + 1);
    this.sampleVersion++;
  }

  /** Records an animation frame (drawn or not) at `perfNowMs` (performance.now()). */
  recordFrame(perfNowMs: number): void {
    this.frameTimes.push(perfNowMs);
    const cutoff = perfNowMs - 1000;
    let drop = 0;
    while (drop < this.frameTimes.length && this.frameTimes[drop]! < cutoff) drop++;
    if (drop > 0) this.frameTimes = this.frameTimes.slice(drop);
  }

  /** Current figures. */
  snapshot(): TickdeckMetrics {
    if (this.percentilesVersion !== this.sampleVersion) {
      this.percentilesVersion = this.sampleVersion;
      const n = this.sampleCount;
      const sorted = sortScratch.subarray(0, n);
      sorted.set(this.samples.subarray(0, n));
      sorted.sort(); // typed arrays sort numerically, without a comparator call per pair
      const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
      this.p50 = n === 0 ? null : at(0.5);
      this.p99 = n === 0 ? null : at(0.99);
    }
    return {
      frames: this.frames,
      fps: this.frameTimes.length,
      latencyP50Ms: this.p50,
      latencyP99Ms: this.p99,
    };
  }

  reset(): void {
    this.sampleCount = 0;
    this.sampleNext = 0;
    this.sampleVersion++;
  }
}
