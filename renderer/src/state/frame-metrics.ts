/**
 * Renderer-side performance figures: frames drawn per second and tick-to-pixel latency.
 * Exposed as `window.__tickdeckMetrics` for the benchmark and end-to-end tests.
 *
 * Tick to pixel, the one definition (docs/PERFORMANCE.md, "Tick to pixel"): for each animation
 * frame that ends the drawing of at least one new batch (draws its last chart: a batch's charts
 * may take two frames, ../charts/scheduler.ts), the wall clock (`Date.now()`, epoch ms) when the
 * frame's chart draws end, minus the newest tick's feed timestamp among the batches it ends
 * (`Batch.newestTickTs`); p50 and p99 over the frames drawn in the last
 * {@link LATENCY_WINDOW_MS}. A time window, not a count of frames: a count of 512 spanned
 * 17 s at 30 batches a second, so a figure read 10 s after the page opened still held the
 * page's first, slow frames (issue 15: 121 ms p99 where the frames of the same 6 s read 58).
 */

/** Most latency samples kept (a bound: a frame-rate spike cannot grow the buffer). */
export const LATENCY_SAMPLES = 512;
/** The latency percentiles cover the frames drawn in this last stretch of time, ms. */
export const LATENCY_WINDOW_MS = 5_000;

/** Tick-to-pixel latency of one drawn frame, ms (never negative: clocks may disagree by a ms). */
export function tickToPixelMs(frameEndEpochMs: number, newestTickTs: number): number {
  return Math.max(0, frameEndEpochMs - newestTickTs);
}

/** Read-only snapshot published on `window.__tickdeckMetrics`. */
export interface TickdeckMetrics {
  /** Frames that ended the drawing of at least one batch, since start. */
  frames: number;
  /** Animation frames per second over the last second. */
  fps: number;
  /** Tick to pixel over the frames drawn in the last {@link LATENCY_WINDOW_MS}; null: none. */
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
  /** When each sample's frame was drawn (epoch ms), to age samples out of the window. */
  private readonly sampleAt = new Float64Array(LATENCY_SAMPLES);
  private sampleCount = 0;
  private sampleNext = 0;
  private frameTimes: number[] = [];
  frames = 0;
  // The snapshot is published every animation frame but samples change only when a batch is
  // drawn or one ages out: percentiles are recomputed (one typed-array sort for both) only then.
  private sampleVersion = 0;
  private percentilesVersion = -1;
  /** When the oldest sample counted in the current percentiles leaves the window, epoch ms. */
  private percentilesExpireAt = Infinity;
  private p50: number | null = null;
  private p99: number | null = null;

  /** Records one drawn frame at `nowMs` (epoch ms) for a batch whose newest tick was `tickTs`. */
  recordDraw(nowMs: number, tickTs: number | null): void {
    this.frames++;
    if (tickTs === null) return;
    this.samples[this.sampleNext] = tickToPixelMs(nowMs, tickTs);
    this.sampleAt[this.sampleNext] = nowMs;
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

  /** Current figures; latency over the frames drawn in the window ending at `nowMs` (epoch). */
  snapshot(nowMs: number = Date.now()): TickdeckMetrics {
    if (this.percentilesVersion !== this.sampleVersion || nowMs >= this.percentilesExpireAt) {
      this.percentilesVersion = this.sampleVersion;
      const since = nowMs - LATENCY_WINDOW_MS;
      let n = 0;
      let oldest = Infinity;
      for (let i = 0; i < this.sampleCount; i++) {
        const at = this.sampleAt[i]!;
        if (at <= since) continue;
        sortScratch[n++] = this.samples[i]!;
        if (at < oldest) oldest = at;
      }
      this.percentilesExpireAt = oldest + LATENCY_WINDOW_MS;
      const sorted = sortScratch.subarray(0, n);
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
