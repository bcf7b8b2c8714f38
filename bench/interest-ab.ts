/**
 * The interest bench's cost per tick (fold, build, serialise, with an interest: see
 * ./interest.bench.ts) for this checkout and a baseline checkout of an earlier commit, in one
 * process, batch by batch in turn over the same ticks (which goes first alternates). On a
 * shared machine two runs minutes apart measure the neighbours as much as the code; batch by
 * batch, both sides see the same load. A tool for deciding whether a change to the fold pays,
 * not part of `npm run bench`.
 *
 *   npx tsx bench/interest-ab.ts <baseline checkout> [seconds of feed, default 6] [--fold] [--steady] [--decoded]
 *
 * Prints, at 5,000 and 10 instruments, CPU ms per 100k ticks of each side, and each side's
 * 5,000 vs 10 ratio. `--fold` times the fold and the seal before a batch alone (no batch built
 * or serialised: the batcher seals first in a full run), the part a change to the fold moves.
 * `--steady` starts both sides with every ring full (./full-history.ts), as after hours of feed.
 * `--decoded` gives both sides each batch through the feed's decoder (./interest-decoded-ticks.ts),
 * the objects and id strings a feed's ticks are, rather than the seeded ticks themselves.
 * The baseline checkout needs its `node_modules` (`cp -al` will do).
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Batcher } from '../main/feed/batcher';
import type { FeedState } from '../main/feed/feed-state';
import { HEALTH, market } from '../test-support/engine-fixtures';
import { fillHistory } from './full-history';
import { throughDecoder } from './interest-decoded-ticks';
import { seededTicks } from './seeded-ticks';

const RATE_TICKS_PER_SEC = 50_000;
const BATCH_HZ = 30;
const ROWS_IN_VIEW = 40;
const PER = 100_000;
const HERE = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface Side {
  readonly state: FeedState;
  readonly batcher: Batcher;
  cpuUs: number;
  ticks: number;
}

/** The engine's classes of the checkout at `root`, fed `ids` with one consumer's interest. */
async function side(root: string, ids: readonly string[]): Promise<Side> {
  const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  const { FeedState } = (await load('main/feed/feed-state.ts')) as {
    FeedState: new () => FeedState;
  };
  const { Batcher } = (await load('main/feed/batcher.ts')) as {
    Batcher: new (state: FeedState, onLatency: () => void) => Batcher;
  };
  const state = new FeedState();
  state.setInstruments(ids.map(market));
  const batcher = new Batcher(state, () => {});
  const consumer = batcher.attach((batch) => {
    JSON.stringify({ type: 'batch', batch });
    consumer.ack(batch.seq);
  });
  consumer.declareInterest({
    rows: ids.slice(1, ROWS_IN_VIEW + 1),
    charted: ['I0'],
    selected: 'I0',
  });
  return { state, batcher, cpuUs: 0, ticks: 0 };
}

/** ms per 100k ticks of [baseline, this checkout] at `count` instruments. */
async function compare(
  baseline: string,
  count: number,
  seconds: number,
  foldOnly: boolean,
  steady: boolean,
  decoded: boolean,
): Promise<number[]> {
  const ids = Array.from({ length: count }, (_, i) => `I${i}`);
  const sides = [await side(baseline, ids), await side(HERE, ids)];
  const makeTicks = seededTicks(ids, count);
  const perBatch = Math.round(RATE_TICKS_PER_SEC / BATCH_HZ);
  let now = Date.now();
  if (steady) for (const s of sides) fillHistory(s.state, now);
  for (const s of sides) s.batcher.flush(now, () => HEALTH, 0);
  for (let b = 0; b < seconds * BATCH_HZ; b++) {
    now += 1_000 / BATCH_HZ;
    const ts = Math.round(now);
    const seeded = makeTicks(perBatch, ts);
    const ticks = decoded ? throughDecoder(seeded) : seeded;
    for (const s of b % 2 === 0 ? sides : [...sides].reverse()) {
      const cpu = process.cpuUsage();
      s.ticks += s.state.applyTicks(ticks, () => {});
      if (foldOnly) s.state.sealSeries();
      else s.batcher.flush(ts, () => HEALTH, 0);
      const spent = process.cpuUsage(cpu);
      s.cpuUs += spent.user + spent.system;
    }
  }
  return sides.map((s) => (s.cpuUs / 1_000 / s.ticks) * PER);
}

const foldOnly = process.argv.includes('--fold');
const steady = process.argv.includes('--steady');
const decoded = process.argv.includes('--decoded');
const [baseline, secondsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (baseline === undefined)
  throw new Error(
    'usage: interest-ab.ts <baseline checkout> [seconds] [--fold] [--steady] [--decoded]',
  );
const seconds = Number(secondsArg ?? 6);
if (!(seconds > 0)) throw new Error(`seconds of feed must be a positive number, got ${secondsArg}`);
const [bigBefore, bigAfter] = await compare(
  resolve(baseline),
  5_000,
  seconds,
  foldOnly,
  steady,
  decoded,
);
const [smallBefore, smallAfter] = await compare(
  resolve(baseline),
  10,
  seconds,
  foldOnly,
  steady,
  decoded,
);
const fmt = (n: number) => n.toFixed(0);
console.log(
  `${decoded ? 'decoded ticks, ' : ''}${foldOnly ? 'fold and seal only, ' : ''}${steady ? 'every ring full at the start, ' : ''}ms per 100k ticks, 5,000 / 10 instruments: baseline ${fmt(bigBefore!)} / ${fmt(smallBefore!)} = ` +
    `${(bigBefore! / smallBefore!).toFixed(2)}×; this checkout ${fmt(bigAfter!)} / ${fmt(smallAfter!)} = ` +
    `${(bigAfter! / smallAfter!).toFixed(2)}×; this vs baseline at 5,000: ${(bigAfter! / bigBefore!).toFixed(2)}×`,
);
