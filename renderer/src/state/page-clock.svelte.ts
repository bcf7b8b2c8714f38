/**
 * The page's clock: the time that ages its figures ("3 s ago", a stale chart) and the frame
 * loop's rate and pixel latency for the health bar, read twice a second rather than per frame.
 */
import type { FrameMetrics } from './frame-metrics';

/** How often the page's time and frame figures are read, ms. */
export const PAGE_CLOCK_MS = 500;

export class PageClock {
  now = $state.raw(Date.now());
  fps = $state.raw<number | null>(null);
  pixelLatency = $state.raw<{ p50: number | null; p99: number | null } | null>(null);

  /** Starts ticking, reading `metrics` when given; returns the function that stops it. */
  start(metrics?: FrameMetrics): () => void {
    const clock = setInterval(() => {
      this.now = Date.now();
      if (metrics === undefined) return;
      const frames = metrics.snapshot();
      this.fps = frames.fps;
      this.pixelLatency = { p50: frames.latencyP50Ms, p99: frames.latencyP99Ms };
    }, PAGE_CLOCK_MS);
    return () => clearInterval(clock);
  }
}
