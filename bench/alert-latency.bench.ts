/**
 * Tick-to-alert latency: how long after a tick's timestamp the engine hands the alert it fired
 * to its listeners, at 50k (and 5k) ticks/s from the simulator (a child process, with its
 * order books) over 1,000 instruments (BENCH_ALERT_LATENCY_INSTRUMENTS sets another count), as
 * the issue asks. The baseline, in the same run and on the same ticks, is the path the page's
 * data takes: a tick's timestamp to the batch carrying it reaching a consumer (30 batches/s;
 * the consumer declares a page's interest: a screen of rows, a few charts, one book).
 * PROBE_RULES instruments have an `above 0 every 100ms` rule, so each fires about ten times a
 * second on whichever tick comes first after its cooldown: hundreds of alerts a run.
 *
 * Where the time goes, per alert: *read* is the tick's timestamp to the engine's socket
 * handler taking the frame that carries it (the simulator stamps a tick when it makes it and
 * sends it at once, so this is the wire and every frame, batch and collection queued ahead of
 * it in the engine's event loop); *handle* is that moment to the rule firing (decoding and
 * folding the frame's ticks up to this one). Beside them: garbage collection in the engine's
 * process (pauses, the longest), the event loop's longest stall, and frames and ticks taken.
 * The engine runs on this process's main thread here, as it does in its worker in the app;
 * the worker's hop to the host is measured by the alert-toast bench.
 *
 *   node --import tsx bench/run.ts alert-latency
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startChildSimulator } from '../test-support/child-simulator';
import { createFeedEngine } from '../main/feed/engine';
import type { AlertRule } from '../protocol/alerts';
import type { BenchResult } from './report';

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

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Spread {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

interface RunFigures {
  readonly alert: Spread;
  readonly read: Spread;
  readonly handle: Spread;
  readonly batch: Spread;
  /** GC in the engine's process over the run: pauses, their sum and the longest, ms. */
  readonly gc: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  /** The engine's event loop's longest delay over the run, ms. */
  readonly maxStallMs: number;
  readonly ticksPerSec: number;
  readonly framesPerSec: number;
}

const spread = (xs: number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), count: s.length };
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
  const engine = createFeedEngine({ feed: sim.url, batchHz: BATCH_HZ });
  const alertMs: number[] = [];
  const readMs: number[] = [];
  const handleMs: number[] = [];
  const batchMs: number[] = [];
  const gcMs: number[] = [];
  let measuring = false;
  let frames = 0;
  let frameReadAt = 0;
  // Heard before the frame is decoded, in the same call that folds it and fires its alerts.
  engine.onRawFrame((_text, receivedAt) => {
    frameReadAt = receivedAt;
    if (measuring) frames++;
  });
  engine.onAlert((event) => {
    if (!measuring || !event.tick) return;
    alertMs.push(event.firedAt - event.tick.ts);
    readMs.push(frameReadAt - event.tick.ts);
    handleMs.push(event.firedAt - frameReadAt);
  });
  const ids = new Set<string>();
  const consumer = engine.attach((batch) => {
    if (measuring && batch.newestTickTs !== null) batchMs.push(Date.now() - batch.newestTickTs);
    for (const row of batch.market) ids.add(row.id);
    consumer.ack(batch.seq);
  });
  const gc = new PerformanceObserver((list) => {
    if (measuring) for (const entry of list.getEntries()) gcMs.push(entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 1 });
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
    const startedAt = Date.now();
    loop.enable();
    measuring = true;
    await new Promise((r) => setTimeout(r, RUN_MS));
    measuring = false;
    loop.disable();
    const elapsedMs = Date.now() - startedAt;
    const perSec = (n: number) => (n * 1_000) / elapsedMs;
    return {
      alert: spread(alertMs),
      read: spread(readMs),
      handle: spread(handleMs),
      batch: spread(batchMs),
      gc: {
        count: gcMs.length,
        totalMs: gcMs.reduce((a, b) => a + b, 0),
        maxMs: Math.max(0, ...gcMs),
      },
      maxStallMs: loop.max / 1e6,
      ticksPerSec: perSec(engine.health().ticksTotal - ticksBefore),
      framesPerSec: perSec(frames),
    };
  } finally {
    gc.disconnect();
    consumer.detach();
    await engine.close();
    await sim.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const instruments = Number(process.env.BENCH_ALERT_LATENCY_INSTRUMENTS ?? DEFAULT_INSTRUMENTS);
  if (!(Number.isInteger(instruments) && instruments >= PROBE_RULES))
    throw new RangeError(`BENCH_ALERT_LATENCY_INSTRUMENTS must be an integer ≥ ${PROBE_RULES}`);
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
      name: `tick-to-alert p99 at ${setting} (engine listeners)`,
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
        `handle ${of((r) => r.handle.p50)} / ${of((r) => r.handle.p99)} ms; engine process: ` +
        `GC ${of((r) => r.gc.count)} pauses, ${of((r) => r.gc.totalMs)} ms in all, the longest ` +
        `${of((r) => r.gc.maxMs)} ms; event loop's longest stall ${of((r) => r.maxStallMs)} ms; ` +
        `ingest ${of((r) => r.ticksPerSec)} ticks/s in ${of((r) => r.framesPerSec)} frames/s ` +
        `(offered ${ticksPerSec} plus book ticks)`,
    },
  ];
}
