/**
 * The batch timeline of one measured window (engine in its worker → host → page): per slot of
 * the batch grid, whether a batch went out in it, and for a slot that got none, why. Inputs are
 * the worker's probes and the host's sends (bench/batch-timeline-probe.ts, EngineTimeline) and
 * the page's receipt and ack of each batch (bench/stack.ts's probe, BatchRound). One consumer
 * (the bench's page) is assumed: seqs are that consumer's.
 *
 * A slot is lost for one of:
 * - window full: when it fell due, the consumer held FLOW_WINDOW batches whose acks had not
 *   reached the worker;
 * - stalled: the worker's loop was held when it fell due (a stall of the probe's 2 ms timer
 *   spans the slot's start: the flush ran late, into the next slot, or not at all); with GC
 *   when a collection overlapped;
 * - other: neither (nothing changed, or a cause the probes do not see).
 */
import type { BatchRound } from './round-trip';
import type { EngineTimeline } from './engine-process';
import type { Span } from './batch-timeline-probe';
import { percentile } from './numbers';

export interface TimelineSplit {
  readonly slots: number;
  readonly batches: number;
  readonly lostWindowFull: number;
  readonly lostStalled: number;
  /** Of the stalled, those a GC pause overlapped. */
  readonly lostStalledGc: number;
  readonly lostOther: number;
  /** Slots that got a second batch (a late flush and the next one in the same slot). */
  readonly doubled: number;
  /** p50/p95/max, ms. */
  readonly timerLate: Stage3;
  /** Flush stamp to the post's start: build, then the wait in the turn queue. */
  readonly buildToPost: Stage3;
  /** The post itself: the structured clone of the batch. */
  readonly post: Stage3;
  readonly postToHost: Stage3;
  readonly hostToPage: Stage3;
  readonly fold: Stage3;
  /** The page's ack to its arrival at the worker. */
  readonly ackToWorker: Stage3;
  readonly stallMs: Stage3 & { readonly count: number; readonly totalMs: number };
  readonly gcMs: Stage3 & { readonly count: number; readonly totalMs: number };
  readonly majorGcMs: Stage3 & { readonly count: number; readonly totalMs: number };
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
}

export interface Stage3 {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

const stage = (v: readonly number[]): Stage3 => ({
  p50: percentile(v, 0.5),
  p95: percentile(v, 0.95),
  max: v.length ? Math.max(...v) : NaN,
});

const spans = (s: readonly Span[]) => {
  const d = s.map(([a, b]) => b - a);
  return { ...stage(d), count: d.length, totalMs: d.reduce((a, b) => a + b, 0) };
};

/**
 * The grid's phase from the flush stamps: most timers fire within a ms or two of their slot, so
 * the 2 ms stretch of phase (stamp mod the interval) that holds the most stamps is the grid's,
 * and its earliest stamp the slot start (a stamp is whole ms: up to 1 ms before it).
 */
function gridStart(ts: readonly number[], intervalMs: number): number {
  const t0 = ts[0]!;
  const phases = ts.map((t) => (((t - t0) % intervalMs) + intervalMs) % intervalMs);
  let best = 0;
  let bestCount = -1;
  for (const p of phases) {
    const count = phases.filter((q) => (q - p + intervalMs) % intervalMs < 2).length;
    if (count > bestCount) [best, bestCount] = [p, count];
  }
  return t0 + best - 0.5;
}

/** Splits the window's slots and batches; `flowWindow` is the batcher's FLOW_WINDOW. */
export function splitTimeline(
  t: EngineTimeline,
  rounds: readonly BatchRound[],
  intervalMs: number,
  flowWindow: number,
): TimelineSplit {
  const posts = [...t.posts].sort((a, b) => a.seq - b.seq);
  if (posts.length < 2) throw new Error(`batch timeline: ${posts.length} batches posted`);
  const g0 = gridStart(
    posts.map((p) => p.ts),
    intervalMs,
  );
  const slotOf = (at: number) => Math.floor((at - g0) / intervalMs);
  const first = slotOf(posts[0]!.ts);
  const last = slotOf(posts[posts.length - 1]!.ts);
  const bySlot = new Map<number, number>();
  let doubled = 0;
  for (const p of posts) {
    if (bySlot.has(slotOf(p.ts))) doubled++;
    bySlot.set(slotOf(p.ts), p.seq);
  }
  const acks = [...t.acks].sort((a, b) => a[1] - b[1]);
  const overlaps = (s: readonly Span[], a: number, b: number) => s.some(([x, y]) => x < b && y > a);

  let lostWindowFull = 0;
  let lostStalled = 0;
  let lostStalledGc = 0;
  let lostOther = 0;
  for (let k = first; k <= last; k++) {
    if (bySlot.has(k)) continue;
    const due = g0 + k * intervalMs;
    let acked = 0;
    for (const [seq, at] of acks) if (at <= due + 1) acked = Math.max(acked, seq);
    const held = posts.filter((p) => p.ts <= due + 1 && p.seq > acked).length;
    const stalled = t.stalls.some(([a, b]) => a <= due && b >= due);
    if (held >= flowWindow) lostWindowFull++;
    else if (stalled) {
      lostStalled++;
      if (overlaps(t.gc, due - intervalMs, due + intervalMs)) lostStalledGc++;
    } else lostOther++;
  }

  const host = new Map(t.hostSent);
  const page = new Map(rounds.map((r) => [r.seq, r]));
  const ackAt = new Map(t.acks);
  const late: number[] = [];
  const buildToPost: number[] = [];
  const post: number[] = [];
  const postToHost: number[] = [];
  const hostToPage: number[] = [];
  const fold: number[] = [];
  const ackToWorker: number[] = [];
  for (const p of posts) {
    late.push(p.ts - (g0 + slotOf(p.ts) * intervalMs));
    buildToPost.push(p.postStart - p.ts);
    post.push(p.postEnd - p.postStart);
    const h = host.get(p.seq);
    if (h !== undefined) postToHost.push(h - p.postEnd);
    const r = page.get(p.seq);
    if (r === undefined) continue;
    if (h !== undefined) hostToPage.push(r.recv - h);
    fold.push(r.ackAt - r.recv);
    const a = ackAt.get(p.seq);
    if (a !== undefined) ackToWorker.push(a - r.ackAt);
  }
  return {
    slots: last - first + 1,
    batches: posts.length,
    lostWindowFull,
    lostStalled,
    lostStalledGc,
    lostOther,
    doubled,
    timerLate: stage(late),
    buildToPost: stage(buildToPost),
    post: stage(post),
    postToHost: stage(postToHost),
    hostToPage: stage(hostToPage),
    fold: stage(fold),
    ackToWorker: stage(ackToWorker),
    stallMs: spans(t.stalls),
    gcMs: spans(t.gc),
    majorGcMs: spans(t.majorGc),
    loopP99Ms: t.loopP99Ms,
    loopMaxMs: t.loopMaxMs,
  };
}

/** The split on two lines (one, with `sep` '; '), for a bench's output. */
export function formatTimeline(s: TimelineSplit, sep = '\n    '): string {
  const f = (x: Stage3) => `${x.p50.toFixed(1)}/${x.p95.toFixed(1)}/${x.max.toFixed(0)}`;
  return (
    `grid: ${s.batches} batches in ${s.slots} slots; lost: ${s.lostWindowFull} window full, ` +
    `${s.lostStalled} worker stalled (${s.lostStalledGc} with GC), ${s.lostOther} other; ${s.doubled} slots with two${sep}` +
    `p50/p95/max ms: timer late ${f(s.timerLate)}, build→post ${f(s.buildToPost)}, ` +
    `post ${f(s.post)}, →host ${f(s.postToHost)}, host→page ${f(s.hostToPage)}, ` +
    `fold ${f(s.fold)}, ack→worker ${f(s.ackToWorker)}; worker stalls ${s.stallMs.count} ` +
    `(${s.stallMs.totalMs.toFixed(0)} ms, max ${s.stallMs.max.toFixed(0)}), GC ${s.gcMs.count} ` +
    `(${s.gcMs.totalMs.toFixed(0)} ms, max ${s.gcMs.max.toFixed(1)}; major ${s.majorGcMs.count}, ` +
    `${s.majorGcMs.totalMs.toFixed(0)} ms, max ${s.majorGcMs.max.toFixed(1)}), loop delay p99 ` +
    `${s.loopP99Ms.toFixed(1)} max ${s.loopMaxMs.toFixed(0)}`
  );
}
