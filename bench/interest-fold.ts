/**
 * The fold and the seal before each batch alone, over ticks built before the window (the
 * interest bench's 50k ticks/s, a seal every 1/30 s of feed), at one instrument count: what
 * `node --cpu-prof` profiles and what counts per tick are taken from (docs/PERFORMANCE.md,
 * "Per-consumer interest", 5 Dec third session). Not part of `npm run bench`.
 *
 *   node --expose-gc --max-semi-space-size=512 --import tsx bench/interest-fold.ts <instruments> [seconds] [--decoded] [--long-ids]
 *
 * Prints CPU ms per 100k ticks, bytes allocated per tick (heap used across the window, which
 * a large young generation keeps free of collections: the script says when one ran anyway),
 * and per tick the series log rows, tape rows and bar ring writes the fold made.
 *
 * With `--expose-gc` a full collection runs before the window, so the ticks built before it
 * sit in the old generation: otherwise a scavenge in the window copies every one of them
 * (about 100 MB at 10 s) and is counted as the fold's time, in some runs and not others.
 *
 * The seeded ticks share their id strings with the instrument list, unlike a feed's (until 5 Dec
 * they were made by object spread, which the fold read ~100 ms per 100k ticks slower). `--decoded`
 * sends each batch through the feed's decoder (a `ticks` frame, as the client receives it),
 * so the fold reads the objects and id strings `JSON.parse` makes. `--long-ids` names the
 * instruments with 16 characters (`INSTRUMENT-00042`) rather than `I42`: V8's `JSON.parse`
 * takes a short string value from its string table, the same object for the same id (up to
 * 10 one-byte characters in Node 20's V8, fewer than 10 in later ones), and makes a longer
 * one anew every time (docs/PERFORMANCE.md, "Per-consumer interest", 5 Dec, 06:47).
 */
import { FeedState } from '../main/feed/feed-state';
import type { Tick } from '../protocol/feed';
import { market } from '../test-support/engine-fixtures';
import { throughDecoder } from './interest-decoded-ticks';
import { seededTicks } from './seeded-ticks';

const RATE_TICKS_PER_SEC = 50_000;
const BATCH_HZ = 30;
const PER = 100_000;

const decoded = process.argv.includes('--decoded');
const longIds = process.argv.includes('--long-ids');
const [countArg, secondsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const count = Number(countArg);
const seconds = Number(secondsArg ?? 10);
if (!Number.isInteger(count) || count < 1)
  throw new Error(`instruments must be a positive integer, got ${countArg}`);
if (!(seconds > 0)) throw new Error(`seconds must be a positive number, got ${secondsArg}`);

const ids = Array.from({ length: count }, (_, i) =>
  longIds ? `INSTRUMENT-${String(i).padStart(5, '0')}` : `I${i}`,
);

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
  const ticks = makeTicks(perBatch, Math.round(now));
  batches.push(decoded ? throughDecoder(ticks) : ticks);
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
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) console.log('no --expose-gc: a scavenge in the window may copy the ticks');
else gc();

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
  `${count} instruments${longIds ? ' (16-character ids)' : ''}, ${decoded ? 'decoded ticks' : 'seeded ticks'}, ${ticks} ticks: fold and seal ${(((spent.user + spent.system) / 1_000 / ticks) * PER).toFixed(0)} ms per 100k ticks; ` +
    `heap ${heap < 0 ? 'collected during the window (no figure)' : `${(heap / ticks).toFixed(0)} B per tick`}; ` +
    `per tick: series rows ${perTick(rowsAfter.series - rowsBefore.series)}, tape row writes ${perTick(rowsAfter.tape - rowsBefore.tape)}, ` +
    `bar ring writes ${perTick(rowsAfter.bars - rowsBefore.bars)}`,
);
