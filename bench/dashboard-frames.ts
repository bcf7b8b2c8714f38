/// <reference lib="dom" />
/**
 * Page side of the dashboard benches (bench/dashboard-harness.ts loads it): seeded price
 * walks, main-thread work accounting and the frame loop that measures fps, work per frame and
 * dropped frames over a run.
 */
import { percentile } from './numbers';

/** Frames and main-thread work over one measured run. */
export interface FrameStats {
  readonly fps: number;
  /** Main-thread JS between two frames (batches, animation-frame callbacks), 95th percentile. */
  readonly frameWorkP95Ms: number;
  readonly frameWorkP50Ms: number;
  /**
   * Main-thread JS per second of the run, ms/s: the page's script load. Unlike the work per
   * frame it does not grow when frames get fewer and each holds more batches.
   */
  readonly workMsPerSec: number;
  /** Share of frame intervals longer than 1.5 display frames (a frame was skipped), %. */
  readonly droppedPct: number;
  readonly frames: number;
}

export interface RunTimes {
  readonly durationMs: number;
  readonly warmupMs: number;
}

const FRAME_MS = 1000 / 60;

/** A deterministic random walk from 100 + seed. */
export function walker(seed: number): () => number {
  let s = seed;
  let price = 100 + seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    price += (s / 2 ** 31 - 0.5) * 0.2;
    return price;
  };
}

/** Main-thread work so far: the harness times every rAF callback into it, {@link timed} the rest. */
const busy = () => window.__benchWork ?? 0;

/** Runs `fn` and counts its time as main-thread work (timers the rAF wrapper does not see). */
export function timed(fn: () => void): void {
  const start = performance.now();
  fn();
  window.__benchWork = busy() + performance.now() - start;
}

/**
 * Calls `onFrame` every animation frame for a warm-up, then measures for the run's duration:
 * frames, the work since the previous frame, and the intervals between frames.
 */
export async function measureFrames(o: RunTimes, onFrame: () => void): Promise<FrameStats> {
  const frameWork: number[] = [];
  const intervals: number[] = [];
  let frames = 0;
  let measuring = false;
  let running = true;
  let seen = busy();
  let lastTs = 0;
  const loop = (ts: number) => {
    if (!running) return;
    onFrame();
    if (measuring) {
      frames++;
      frameWork.push(busy() - seen);
      if (lastTs > 0) intervals.push(ts - lastTs);
    }
    lastTs = ts;
    seen = busy();
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  await new Promise((r) => setTimeout(r, o.warmupMs));
  measuring = true;
  const t0 = performance.now();
  const work0 = busy();
  await new Promise((r) => setTimeout(r, o.durationMs));
  const elapsed = performance.now() - t0;
  const work = busy() - work0;
  running = false;
  const dropped = intervals.filter((d) => d > FRAME_MS * 1.5).length;
  return {
    fps: (frames / elapsed) * 1000,
    frameWorkP95Ms: percentile(frameWork, 0.95),
    frameWorkP50Ms: percentile(frameWork, 0.5),
    workMsPerSec: (work / elapsed) * 1000,
    droppedPct: intervals.length > 0 ? (100 * dropped) / intervals.length : NaN,
    frames,
  };
}

declare global {
  interface Window {
    __benchWork?: number;
  }
}
