/**
 * The fold and the seal before each batch alone, over ticks built before the window (the
 * interest bench's 50k ticks/s, a seal every 1/30 s of feed), at one instrument count: what
 * `node --cpu-prof` profiles and what counts per tick are taken from (docs/PERFORMANCE.md,
 * "Per-consumer interest", 5 Dec third session). Not part of `npm run bench`.
 *
 *   node --max-semi-space-size=512 --import tsx bench/interest-fold.ts <instruments> [seconds]
 *
 * Prints CPU ms per 100k ticks, bytes allocated per tick (heap used across the window, which
 * a large young generation keeps free of collections: the script says when one ran anyway),
 * and per tick the series log rows, tape rows and bar ring writes the fold made.
 */
import { FeedState } from '../main/feed/feed-state';
import type { Tick } from '../protocol/feed';
import { market } from '../test-support/engine-fixtures';
import { seededTicks } from './seeded-ticks';

const RATE_TICKS_PER_SEC = 50_000;
const BATCH_HZ = 30;
const PER = 100_000;

const count = Number(process.argv[2]);
const seconds = Number(process.argv[3] ?? 10);
if (!Number.isInteger(count) || count < 1)
  throw new Error(`instruments must be a positive integer, got ${process.argv[2]}`);
if (!(seconds > 0)) throw new Error(`seconds must be a positive number, got ${process.argv[3]}`);

const ids = Array.from({ length: count }, (_, i) => `I${i}`);
const state = new FeedState();
state.setInstruments(ids.map(market));
const makeTicks = seededTicks(ids, count);
const perBatch = Math.round(RATE_TICKS_PER_SEC / BATCH_HZ);
const batches: Tick[][] = [];
let now = Date.now();
// 2 s of warm-up (compiled code, rings grown), then the window.
const warmup = 2 * BATCH_HZ;
for (let b = 0; b < warmup + seconds * BATCH_HZ; b++) {
  now += 1_000 / BATCH_HZ;
  batches.push(makeTicks(perBatch, Math.round(now)));
}
const fold = (from: number, to: number): number => {
  let ticks = 0;
  for (let b = from; b < to; b++) {
    ticks += state.applyTicks(batches[b]!, () => {});
    state.sealSeries();
  }
  return ticks;
};
fold(0, warmup);

/**
 * Rows written into every market's series, tape and bar rings so far (reading them moves in
 * the rows still in the logs; a bar rewritten in place counts as a row).
 */
const ringRows = (): { series: number; tape: number; bars: number } => {
  let series = 0;
  let tape = 0;
  let bars = 0;
  for (const m of state.markets.values()) {
    series += m.series.end;
    tape += m.depth.tape.version;
    for (const b of m.bars) bars += b.ring.version;
  }
  return { series, tape, bars };
};
const rowsBefore = ringRows();
const gcBefore = process.memoryUsage().heapUsed;
const cpu = process.cpuUsage();
const ticks = fold(warmup, batches.length);
const spent = process.cpuUsage(cpu);
const heap = process.memoryUsage().heapUsed - gcBefore;
const rowsAfter = ringRows();
const perTick = (n: number) => (n / ticks).toFixed(3);
console.log(
  `${count} instruments, ${ticks} ticks: fold and seal ${(((spent.user + spent.system) / 1_000 / ticks) * PER).toFixed(0)} ms per 100k ticks; ` +
    `heap ${heap < 0 ? 'collected during the window (no figure)' : `${(heap / ticks).toFixed(0)} B per tick`}; ` +
    `per tick: series rows ${perTick(rowsAfter.series - rowsBefore.series)}, tape row writes ${perTick(rowsAfter.tape - rowsBefore.tape)}, ` +
    `bar ring writes ${perTick(rowsAfter.bars - rowsBefore.bars)}`,
);
