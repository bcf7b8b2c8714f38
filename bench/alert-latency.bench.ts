/**
 * Tick-to-alert latency: how long after a tick's timestamp the engine hands the alert it fired
 * to its listeners, at 50k (and 5k) ticks/s from the simulator (a child process) over loopback
 * WebSocket: send, decode, fold, evaluate. The baseline, in the same run and on the same ticks, is the path the page's data
 * takes: a tick's timestamp to the batch carrying it reaching a consumer (30 batches/s).
 * Each instrument has an `above 0 every 100ms` rule, so every instrument fires about ten times
 * a second, on whichever tick comes first after its cooldown.
 *
 *   node --import tsx bench/run.ts alert-latency
 */
import { startChildSimulator } from '../test-support/child-simulator';
import { createFeedEngine } from '../main/feed/engine';
import type { AlertRule } from '../protocol/alerts';
import type { BenchResult } from './report';

/** The rate, and a light one that shows what the machine's load adds. */
const RATES = [50_000, 5_000] as const;
const INSTRUMENTS = 50;
const COOLDOWN_MS = 100;
const BATCH_HZ = 30;
/** Measured after this long, so connecting and the first snapshots are not counted, ms. */
const WARMUP_MS = 1_000;
const RUN_MS = 5_000;
const REPEATS = 3;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface RunFigures {
  readonly alert: { p50: number; p99: number; count: number };
  readonly batch: { p50: number; p99: number; count: number };
}

async function once(seed: number, ticksPerSec: number): Promise<RunFigures> {
  // In a process of its own, as a real feed is: the engine's figures are then the engine's.
  const sim = await startChildSimulator([
    '--seed',
    String(seed),
    '--rate',
    String(ticksPerSec),
    '--instruments',
    String(INSTRUMENTS),
    '--matches',
    '0',
  ]);
  const engine = createFeedEngine({ feed: sim.url, batchHz: BATCH_HZ });
  const alertMs: number[] = [];
  const batchMs: number[] = [];
  let measuring = false;
  engine.onAlert((event) => {
    if (measuring && event.tick) alertMs.push(Date.now() - event.tick.ts);
  });
  const ids = new Set<string>();
  const consumer = engine.attach((batch) => {
    if (measuring && batch.newestTickTs !== null) batchMs.push(Date.now() - batch.newestTickTs);
    for (const row of batch.market) ids.add(row.id);
    consumer.ack(batch.seq);
  });
  try {
    await engine.start();
    const deadline = Date.now() + 10_000;
    while (ids.size < INSTRUMENTS) {
      if (Date.now() > deadline) throw new Error(`saw ${ids.size} of ${INSTRUMENTS} instruments`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const rules: AlertRule[] = [...ids].map((id, i) => ({
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
    measuring = true;
    await new Promise((r) => setTimeout(r, RUN_MS));
    measuring = false;
  } finally {
    consumer.detach();
    await engine.close();
    await sim.close();
  }
  const summary = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: percentile(s, 50), p99: percentile(s, 99), count: s.length };
  };
  return { alert: summary(alertMs), batch: summary(batchMs) };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const rate of RATES) results.push(...(await atRate(rate)));
  return results;
}

async function atRate(ticksPerSec: number): Promise<BenchResult[]> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await once(16 + i, ticksPerSec));
  const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
  const last = runs.at(-1)!;
  const ratios = runs.map((r) => r.alert.p99 / r.batch.p99);
  return [
    {
      name: `tick-to-alert p99 at ${ticksPerSec / 1_000}k ticks/s (engine listeners)`,
      value: last.alert.p99,
      unit: 'ms',
      baseline: last.batch.p99,
      ratio: ratios.at(-1),
      note:
        `baseline: tick-to-batch p99 at ${BATCH_HZ} Hz, same run; ${REPEATS} runs: alert p99 ` +
        `${range(runs.map((r) => r.alert.p99))} ms, batch p99 ${range(runs.map((r) => r.batch.p99))} ms, ` +
        `ratio ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; ` +
        `${last.alert.count} alerts, ${last.batch.count} batches in the last run`,
    },
    {
      name: `tick-to-alert p50 at ${ticksPerSec / 1_000}k ticks/s`,
      value: last.alert.p50,
      unit: 'ms',
      baseline: last.batch.p50,
      note: `${REPEATS} runs: alert p50 ${range(runs.map((r) => r.alert.p50))} ms, batch p50 ${range(runs.map((r) => r.batch.p50))} ms`,
    },
  ];
}
