/**
 * One flush at 5,000 instruments, measured alone: the time a batch takes to build (p50/p99)
 * and the heap it allocates (per batch and per tick folded since the last), for a page's
 * consumer (40 rows in view, a chart, compact rows for the rest) and for one that declared no
 * interest, then what handing the batch on costs (the worker's post: a structured clone; the
 * browser mode: JSON). Engine classes in this process, seeded ticks at 50k ticks/s in
 * simulated time, 30 flushes a simulated second, every ring full first (the steady state of a
 * long run). The heap's growth over one flush is what it allocated: the young generation is
 * made large enough that no GC runs inside one (a flush that saw one is dropped and counted).
 * Not a `.bench.ts`: it needs V8 flags.
 *
 *   node --expose-gc --max-semi-space-size=256 --min-semi-space-size=256 --import tsx bench/batch-build.ts
 *
 * `BENCH_BATCH_INSTRUMENTS` (default 5000) and `BENCH_BATCH_FLUSHES` (default 300) change the
 * workload; add `--cpu-prof` to the node flags for a profile of the same run.
 */
import { performance } from 'node:perf_hooks';
import type { Batch } from '../protocol/batch';
import type { Interest } from '../protocol/interest';
import { Batcher } from '../main/feed/batcher';
import { FeedState } from '../main/feed/feed-state';
import { HEALTH, market } from '../test-support/engine-fixtures';
import { fillHistory } from './full-history';
import { seededTicks } from './seeded-ticks';
import { readSetting } from './report';
import { everyGcCounter, exposedGc } from './gc-count';

const INSTRUMENTS = readSetting('BENCH_BATCH_INSTRUMENTS', 5_000, 100_000);
const FLUSHES = readSetting('BENCH_BATCH_FLUSHES', 300, 100_000);
const RATE_TICKS_PER_SEC = 50_000;
const BATCH_HZ = 30;
/** Flushes before any is measured: the first is a reset carrying every row. */
const WARM_FLUSHES = 30;
const ROWS_IN_VIEW = 40;

const gc = exposedGc();
const gcs = everyGcCounter(5);

const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

interface Figures {
  buildMs: number[];
  heapBytes: number[];
  ticks: number[];
  cloneMs: number[];
  jsonMs: number[];
  jsonBytes: number[];
  rows: number[];
  dropped: number;
}

async function measure(label: string, interest: Interest | null): Promise<string> {
  const ids = Array.from({ length: INSTRUMENTS }, (_, i) => `I${i}`);
  const state = new FeedState();
  state.setInstruments(ids.map(market));
  let now = Date.now();
  fillHistory(state, now);
  const batcher = new Batcher(state, () => {});
  let last: Batch | null = null;
  const consumer = batcher.attach((batch) => {
    last = batch;
    consumer.ack(batch.seq);
  });
  if (interest) consumer.declareInterest(interest);
  const makeTicks = seededTicks(ids, INSTRUMENTS);
  const ticksPerBatch = Math.round(RATE_TICKS_PER_SEC / BATCH_HZ);
  const f: Figures = {
    buildMs: [],
    heapBytes: [],
    ticks: [],
    cloneMs: [],
    jsonMs: [],
    jsonBytes: [],
    rows: [],
    dropped: 0,
  };
  for (let b = 0; b < WARM_FLUSHES + FLUSHES; b++) {
    now += 1_000 / BATCH_HZ;
    const ticks = makeTicks(ticksPerBatch, Math.round(now));
    state.applyTicks(ticks, () => {});
    if (b >= WARM_FLUSHES) {
      gc();
      await gcs.settle();
    }
    const before = gcs.count();
    const heap = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    batcher.flush(Math.round(now), () => HEALTH, 0);
    const t1 = performance.now();
    const grown = process.memoryUsage().heapUsed - heap;
    if (b < WARM_FLUSHES) continue;
    const batch = last as Batch | null;
    if (batch === null) throw new Error(`${label}: no batch at flush ${b}`);
    const c0 = performance.now();
    structuredClone(batch);
    const c1 = performance.now();
    const text = JSON.stringify({ type: 'batch', batch });
    const c2 = performance.now();
    await gcs.settle();
    if (gcs.count() !== before) {
      f.dropped++;
      continue;
    }
    f.buildMs.push(t1 - t0);
    f.heapBytes.push(grown);
    f.ticks.push(ticks.length);
    f.cloneMs.push(c1 - c0);
    f.jsonMs.push(c2 - c1);
    f.jsonBytes.push(text.length);
    f.rows.push(
      batch.market.length + ((batch as { compact?: { ids: unknown[] } }).compact?.ids.length ?? 0),
    );
  }
  const sort = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const build = sort(f.buildMs);
  const heap = sort(f.heapBytes);
  const perTick = sort(f.heapBytes.map((h, i) => h / f.ticks[i]!));
  const clone = sort(f.cloneMs);
  const json = sort(f.jsonMs);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [
    `${label} (${INSTRUMENTS} instruments, ${f.buildMs.length} flushes measured, ${f.dropped} with a GC dropped)`,
    `  build: p50 ${pct(build, 0.5).toFixed(2)} ms, p99 ${pct(build, 0.99).toFixed(2)} ms, max ${build.at(-1)!.toFixed(2)} ms`,
    `  heap per batch: p50 ${(pct(heap, 0.5) / 1024).toFixed(1)} KB, p99 ${(pct(heap, 0.99) / 1024).toFixed(1)} KB; per tick p50 ${pct(perTick, 0.5).toFixed(0)} B`,
    `  rows a batch: mean ${mean(f.rows).toFixed(0)}; JSON ${Math.round(mean(f.jsonBytes))} B`,
    `  structured clone: p50 ${pct(clone, 0.5).toFixed(2)} ms, p99 ${pct(clone, 0.99).toFixed(2)} ms; JSON.stringify p50 ${pct(json, 0.5).toFixed(2)} ms, p99 ${pct(json, 0.99).toFixed(2)} ms`,
  ].join('\n');
}

const page: Interest = {
  rows: Array.from({ length: Math.min(ROWS_IN_VIEW, INSTRUMENTS - 1) }, (_, i) => `I${i + 1}`),
  charted: ['I0'],
  selected: 'I0',
};
console.log(await measure('page (40 rows, a chart, compact rows for the rest)', page));
console.log(await measure('no interest (every instrument in full)', null));
