/**
 * The merged view's `historyEpoch` read, which the engine's alert hook makes for every folded
 * tick of an instrument with rules (main/feed/engine.ts), this checkout's MergedState against a
 * baseline checkout's, one process, 12 rounds alternating, the order turned every round: ns a
 * read (process CPU), with the batch's other counters read now and then as the engine reads
 * them (docs/PERFORMANCE.md, "Alerts at scale: the epoch read once a tick, monomorphic").
 *
 *   node --import tsx bench/merged-epoch-ab.ts <baseline checkout>
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FeedState } from '../main/feed/feed-state';
import type { MergedState } from '../main/feed/merged-state';
import { median } from './numbers';

interface Side {
  readonly Merged: new () => MergedState;
  readonly Feed: new () => FeedState;
}

const ROUNDS = 12;
const READS = 5_000_000;
/** Reads between two reads of the other counters (a batch's, 30 a second at 200k ticks/s). */
const READS_A_BATCH = 4_096;

async function side(root: string): Promise<Side> {
  const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  const { MergedState } = (await load('main/feed/merged-state.ts')) as {
    MergedState: new () => MergedState;
  };
  const { FeedState } = (await load('main/feed/feed-state.ts')) as {
    FeedState: new () => FeedState;
  };
  return { Merged: MergedState, Feed: FeedState };
}

function nsARead(s: Side): number {
  const merged = new s.Merged();
  merged.setParts([{ prefix: null, state: new s.Feed() }]);
  let sum = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < READS; i++) {
    sum += merged.historyEpoch;
    if (i % READS_A_BATCH === 0) sum += merged.version + merged.instrumentsVersion;
  }
  const { user, system } = process.cpuUsage(start);
  if (sum < 0) throw new Error('counters fell');
  return ((user + system) * 1_000) / READS;
}

const base = process.argv[2];
if (base === undefined) throw new Error('usage: merged-epoch-ab.ts <baseline checkout>');
const here = fileURLToPath(new URL('..', import.meta.url));
const sides = { base: await side(base), this: await side(here) };
const ns = { base: [] as number[], this: [] as number[] };
for (let round = 0; round < ROUNDS; round++)
  for (const name of round % 2 === 0 ? (['base', 'this'] as const) : (['this', 'base'] as const))
    ns[name].push(nsARead(sides[name]));
for (const name of ['base', 'this'] as const)
  console.log(
    `${name}: ${median(ns[name]).toFixed(1)} ns a read [${Math.min(...ns[name]).toFixed(1)}–${Math.max(...ns[name]).toFixed(1)}]`,
  );
