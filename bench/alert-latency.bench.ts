/**
 * Tick-to-alert latency: how long after a tick's timestamp the engine's alert reaches the host's
 * thread, at 50k (and 5k) ticks/s from the simulator (a child process, with its order books)
 * over 1,000 instruments (BENCH_ALERT_LATENCY_INSTRUMENTS sets another count), as the issue
 * asks. The engine runs in its worker thread, as in the app (`createWorkerFeedEngine`, with the
 * bench's worker entry: the same serving code plus probes, bench/alert-latency-worker.ts). The
 * baseline, in the same run and on the same ticks, is the path the page's data takes: a tick's
 * timestamp to the batch carrying it reaching a consumer on the host's thread (30 batches/s; the
 * consumer declares a page's interest: a screen of rows, a few charts, one book). PROBE_RULES
 * instruments have an `above 0 every 100ms` rule, so each fires about ten times a second on
 * whichever tick comes first after its cooldown: hundreds of alerts a run.
 *
 * Where the time goes, per alert: *read* is the tick's timestamp to the worker's socket handler
 * taking the frame that carries it (the simulator stamps a tick when it makes it and sends it
 * at once, so this is the wire and whatever held the worker's loop); *handle* is that moment to
 * the rule firing (decoding and folding the frame's ticks up to this one); *hop* is firing to
 * the host's thread hearing of it. For the slow alerts (tick to host at least SLOW_MS), the
 * wait before the frame was read is split by the worker's own timeline (GC pauses, stalls ending
 * in a batch post, stalls taking frames, empty stalls, the rest: bench/alert-latency-split.ts).
 *
 *   node --import tsx bench/run.ts alert-latency
 */
import type { Worker } from 'node:worker_threads';
import { startChildSimulator } from '../test-support/child-simulator';
import { createWorkerFeedEngine } from '../main/feed/worker-engine';
import type { AlertMoments, WaitSplit, WorkerProbe } from './alert-latency-split';
import { splitWaits } from './alert-latency-split';
import type { AlertRule } from '../protocol/alerts';
import { readSetting, type BenchResult } from './report';
import { percentile } from './numbers';

/** The rate, and a light one that shows what the machine's load adds. */
const RATES = [50_000, 5_000] as const;
const DEFAULT_INSTRUMENTS = 1_000;
const PROBE_RULES = 50;
const COOLDOWN_MS = 100;
const BATCH_HZ = 30;
/** Rows a page's watchlist shows and instruments it charts (its declared interest). */
const INTEREST_ROWS = 30;
const INTEREST_CHARTED = 4;
/** Measured after this long, so connecting and the first snapshots are not counted, ms. */
const WARMUP_MS = 2_000;
const RUN_MS = 6_000;
const REPEATS = 3;
/** An alert this long from tick to host is a slow one, whose wait the split explains, ms. */
const SLOW_MS = 50;
const WORKER_ENTRY = new URL('./alert-latency-worker.ts', import.meta.url);

interface Spread {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

interface RunFigures {
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

async function once(seed: number, ticksPerSec: number, instruments: number): Promise<RunFigures> {
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

export async function run(): Promise<BenchResult[]> {
  const instruments = readSetting('BENCH_ALERT_LATENCY_INSTRUMENTS', DEFAULT_INSTRUMENTS, 100_000);
  if (instruments < PROBE_RULES)
    throw new RangeError(`BENCH_ALERT_LATENCY_INSTRUMENTS must be at least ${PROBE_RULES}`);
  const results: BenchResult[] = [];
  for (const rate of RATES) results.push(...(await atRate(rate, instruments)));
  return results;
}

async function atRate(ticksPerSec: number, instruments: number): Promise<BenchResult[]> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await once(16 + i, ticksPerSec, instruments));
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  const of = (pick: (r: RunFigures) => number) => range(runs.map(pick));
  const last = runs.at(-1)!;
  const ratios = runs.map((r) => r.alert.p99 / r.batch.p99);
  const setting = `${ticksPerSec / 1_000}k ticks/s over ${instruments} instruments`;
  return [
    {
      name: `tick-to-alert p99 at ${setting} (host thread, engine in its worker)`,
      value: last.alert.p99,
      unit: 'ms',
      baseline: last.batch.p99,
      ratio: ratios.at(-1),
      note:
        `baseline: tick-to-batch p99 at ${BATCH_HZ} Hz, same run; ${REPEATS} runs: alert p99 ` +
        `${of((r) => r.alert.p99)} ms (${of((r) => r.alert.count)} alerts a run), batch p99 ` +
        `${of((r) => r.batch.p99)} ms, ratio ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
    },
    {
      name: `tick-to-alert p50 at ${setting}`,
      value: last.alert.p50,
      unit: 'ms',
      baseline: last.batch.p50,
      note: `${REPEATS} runs: alert p50 ${of((r) => r.alert.p50)} ms, batch p50 ${of((r) => r.batch.p50)} ms`,
    },
    {
      name: `where an alert's p99 goes at ${setting}: tick to the frame read / read to fired`,
      value: last.read.p99,
      unit: 'ms (read p99)',
      baseline: last.handle.p99,
      note:
        `${REPEATS} runs: read p50 / p99 ${of((r) => r.read.p50)} / ${of((r) => r.read.p99)} ms, ` +
        `handle ${of((r) => r.handle.p50)} / ${of((r) => r.handle.p99)} ms, hop to the host ` +
        `${of((r) => r.hop.p50)} / ${of((r) => r.hop.p99)} ms; engine's worker: GC ` +
        `${of((r) => r.gc.count)} pauses, ${of((r) => r.gc.totalMs)} ms in all, the longest ` +
        `${of((r) => r.gc.maxMs)} ms; batch post p99 ${of((r) => r.post.p99)} ms, longest ` +
        `${of((r) => r.post.maxMs)} ms; loop delay p99 ${of((r) => r.loopP99Ms)} ms, longest ` +
        `${of((r) => r.maxStallMs)} ms; ingest ${of((r) => r.ticksPerSec)} ticks/s ` +
        `(offered ${ticksPerSec} plus book ticks)`,
    },
    {
      name: `the slow alerts' wait before their frame was read at ${setting} (tick to host ≥ ${SLOW_MS} ms)`,
      value: last.slow.waitMs,
      unit: 'ms summed',
      note:
        `${REPEATS} runs, per run: ` +
        runs
          .map(({ slow: w }) => {
            const pct = (x: number) => (w.waitMs > 0 ? ((100 * x) / w.waitMs).toFixed(0) : '0');
            return (
              `${w.alerts} slow alerts, ${w.waitMs.toFixed(0)} ms waiting: GC ${pct(w.gcMs)} %, ` +
              `stalls ending in a batch post ${pct(w.batchMs)} %, stalls taking frames ` +
              `${pct(w.framesMs)} %, stalls with nothing of ours running ${pct(w.emptyMs)} %, ` +
              `no stall of the worker ${pct(w.outsideMs)} %`
            );
          })
          .join('; '),
    },
  ];
}
