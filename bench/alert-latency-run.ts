/**
 * One run of bench/alert-latency.bench.ts: a simulator in a child process, the engine in its
 * worker with the bench's probing entry (bench/alert-latency-worker.ts), PROBE_RULES rules that
 * fire about ten times a second each, and a consumer with a page's interest; what each alert's
 * path took (read, handle, hop), the batches' tick-to-consumer time, and the worker's timeline.
 */
import type { Worker } from 'node:worker_threads';
import type { AlertRule } from '../protocol/alerts';
import { createWorkerFeedEngine } from '../main/feed/worker-engine';
import { startChildSimulator } from '../test-support/child-simulator';
import type { AlertMoments, WaitSplit, WorkerProbe } from './alert-latency-split';
import { splitWaits } from './alert-latency-split';
import { percentile } from './numbers';

export const PROBE_RULES = 50;
const COOLDOWN_MS = 100;
export const BATCH_HZ = 30;
/** Rows a page's watchlist shows and instruments it charts (its declared interest). */
const INTEREST_ROWS = 30;
const INTEREST_CHARTED = 4;
/** Measured after this long, so connecting and the first snapshots are not counted, ms. */
const WARMUP_MS = 2_000;
const RUN_MS = 6_000;
/** An alert this long from tick to host is a slow one, whose wait the split explains, ms. */
export const SLOW_MS = 50;
const WORKER_ENTRY = new URL('./alert-latency-worker.ts', import.meta.url);

interface Spread {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

export interface RunFigures {
  readonly alert: Spread;
  readonly read: Spread;
  readonly handle: Spread;
  readonly hop: Spread;
  readonly batch: Spread;
  /** GC in the engine's worker over the run: pauses, their sum and the longest, ms. */
  readonly gc: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  /** Batch posts in the worker (their structured clone): p99 and longest, ms. */
  readonly post: { readonly p99: number; readonly maxMs: number };
  /** The worker's event loop's delay over the run, p99 and longest, ms. */
  readonly loopP99Ms: number;
  readonly maxStallMs: number;
  readonly slow: WaitSplit;
  readonly ticksPerSec: number;
}

const spread = (xs: number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), count: s.length };
};

/** One run: a child simulator at `ticksPerSec`, the worker engine, the probe rules. */
export async function measureRun(
  seed: number,
  ticksPerSec: number,
  instruments: number,
): Promise<RunFigures> {
  // In a process of its own, as a real feed is: the engine's figures are then the engine's.
  const sim = await startChildSimulator([
    '--seed',
    String(seed),
    '--rate',
    String(ticksPerSec),
    '--instruments',
    String(instruments),
    '--matches',
    '0',
  ]);
  let worker: Worker | undefined;
  const engine = createWorkerFeedEngine(
    { feed: sim.url, batchHz: BATCH_HZ },
    { entry: WORKER_ENTRY, onWorker: (w) => (worker = w) },
  );
  const fired = new Map<number, { ts: number; firedAt: number; hostAt: number }>();
  const frameAt = new Map<number, number>();
  const batchMs: number[] = [];
  let measuring = false;
  let timeline: ((probe: WorkerProbe) => void) | null = null;
  worker!.on('message', (m: { probe?: string; id?: number; frameAt?: number }) => {
    if (m.probe === 'alert' && fired.has(m.id!)) frameAt.set(m.id!, m.frameAt!);
    if (m.probe === 'timeline') timeline?.(m as WorkerProbe);
  });
  const askTimeline = () =>
    new Promise<WorkerProbe>((resolve) => {
      timeline = resolve;
      worker!.postMessage({ probe: 'timeline' });
    });
  engine.onAlert((event) => {
    if (measuring && event.tick)
      fired.set(event.id, { ts: event.tick.ts, firedAt: event.firedAt, hostAt: Date.now() });
  });
  const ids = new Set<string>();
  const consumer = engine.attach((batch) => {
    if (measuring && batch.newestTickTs !== null) batchMs.push(Date.now() - batch.newestTickTs);
    for (const row of batch.market) ids.add(row.id);
    consumer.ack(batch.seq);
  });
  try {
    await engine.start();
    const deadline = Date.now() + 20_000;
    while (ids.size < instruments) {
      if (Date.now() > deadline) throw new Error(`saw ${ids.size} of ${instruments} instruments`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const list = [...ids];
    consumer.declareInterest({
      rows: list.slice(0, INTEREST_ROWS),
      charted: list.slice(0, INTEREST_CHARTED),
      selected: list[0]!,
    });
    const rules: AlertRule[] = list.slice(0, PROBE_RULES).map((id, i) => ({
      id: `r${i}`,
      instrument: id,
      condition: { type: 'above', level: 0, price: 'mid' },
      trigger: { mode: 'every', cooldownMs: COOLDOWN_MS },
      expiresAt: null,
      note: '',
      enabled: true,
    }));
    engine.setAlertRules(rules);
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const ticksBefore = engine.health().ticksTotal;
    await askTimeline(); // empties the worker's timeline of the warm-up
    const startedAt = Date.now();
    measuring = true;
    await new Promise((r) => setTimeout(r, RUN_MS));
    measuring = false;
    const probe = await askTimeline();
    const elapsedMs = Date.now() - startedAt;
    const moments: AlertMoments[] = [];
    for (const [id, f] of fired) {
      const at = frameAt.get(id);
      if (at !== undefined) moments.push({ ...f, frameAt: at });
    }
    const gcMs = probe.gc.map(([s, e]) => e - s);
    const postMs = spread(probe.posts.map(([s, e]) => e - s));
    return {
      alert: spread(moments.map((m) => m.hostAt - m.ts)),
      read: spread(moments.map((m) => m.frameAt - m.ts)),
      handle: spread(moments.map((m) => m.firedAt - m.frameAt)),
      hop: spread(moments.map((m) => m.hostAt - m.firedAt)),
      batch: spread(batchMs),
      gc: {
        count: gcMs.length,
        totalMs: gcMs.reduce((a, b) => a + b, 0),
        maxMs: Math.max(0, ...gcMs),
      },
      post: { p99: postMs.p99, maxMs: Math.max(0, ...probe.posts.map(([s, e]) => e - s)) },
      loopP99Ms: probe.loopP99Ms,
      maxStallMs: probe.loopMaxMs,
      slow: splitWaits(moments, probe, SLOW_MS),
      ticksPerSec: ((engine.health().ticksTotal - ticksBefore) * 1_000) / elapsedMs,
    };
  } finally {
    consumer.detach();
    await engine.close();
    await sim.close();
  }
}
