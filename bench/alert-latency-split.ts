/**
 * Where a slow alert's time went, for the alert-latency bench: its path split in three (the
 * tick's timestamp to the worker's socket handler taking its frame; that to the rule firing;
 * firing to the host's thread hearing of it), and, over the wait before its frame was read, what
 * held the worker's loop by its own probes (bench/alert-latency-worker.ts): GC pauses; stalls
 * that ended in a batch post (the batch's building and its clone); stalls spent taking frames
 * (a backlog read in one go); stalls in which nothing of ours ran (the OS took the core); the
 * rest is no stall of the worker (the wire, the simulator, frames queued ahead in short turns).
 */

/** [start, end], epoch ms. */
export type Interval = readonly [number, number];

/** The worker's timeline over a measured window. */
export interface WorkerProbe {
  readonly probe: 'timeline';
  readonly gc: Interval[];
  readonly posts: Interval[];
  readonly stalls: Interval[];
  /** When the worker's socket handler took each frame, epoch ms. */
  readonly frames: number[];
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
}

/** One fired alert's moments, epoch ms. */
export interface AlertMoments {
  readonly ts: number;
  readonly frameAt: number;
  readonly firedAt: number;
  readonly hostAt: number;
}

/** Milliseconds of `from..to` that the intervals cover (they may overlap each other). */
function covered(intervals: readonly Interval[], from: number, to: number): number {
  const clipped = intervals
    .filter(([s, e]) => e > from && s < to)
    .map(([s, e]): Interval => [Math.max(s, from), Math.min(e, to)])
    .sort((a, b) => a[0] - b[0]);
  let sum = 0;
  let reach = from;
  for (const [s, e] of clipped) {
    if (e <= reach) continue;
    sum += e - Math.max(s, reach);
    reach = e;
  }
  return sum;
}

/** How the slow alerts' waits before their frames were read split, summed over them, ms. */
export interface WaitSplit {
  readonly alerts: number;
  readonly waitMs: number;
  readonly gcMs: number;
  /** Stalls that ended in a batch post, GC inside them not counted again. */
  readonly batchMs: number;
  /** Stalls without a batch post in which frames were taken. */
  readonly framesMs: number;
  /** Stalls in which no frame was taken and no batch posted. */
  readonly emptyMs: number;
  readonly outsideMs: number;
}

const within = (t: number, [s, e]: Interval) => t >= s && t <= e;

/** The split for the alerts whose tick-to-host time is at least `slowMs`. */
export function splitWaits(
  alerts: readonly AlertMoments[],
  probe: WorkerProbe,
  slowMs: number,
): WaitSplit {
  const batch = probe.stalls.filter((st) => probe.posts.some(([, e]) => within(e, st)));
  const rest = probe.stalls.filter((st) => !batch.includes(st));
  const frames = rest.filter((st) => probe.frames.some((t) => within(t, st)));
  const empty = rest.filter((st) => !frames.includes(st));
  // Each layer counts only what the layers before it did not cover.
  const layers = [probe.gc, [...batch, ...probe.posts], frames, empty];
  const sums = [0, 0, 0, 0];
  let waitMs = 0;
  let count = 0;
  for (const a of alerts) {
    if (a.hostAt - a.ts < slowMs) continue;
    count++;
    const from = a.ts;
    const to = Math.max(a.ts, a.frameAt);
    waitMs += to - from;
    let so: Interval[] = [];
    let before = 0;
    layers.forEach((layer, i) => {
      so = [...so, ...layer];
      const now = covered(so, from, to);
      sums[i]! += now - before;
      before = now;
    });
  }
  const [gcMs, batchMs, framesMs, emptyMs] = sums as [number, number, number, number];
  const outsideMs = Math.max(0, waitMs - gcMs - batchMs - framesMs - emptyMs);
  return { alerts: count, waitMs, gcMs, batchMs, framesMs, emptyMs, outsideMs };
}
