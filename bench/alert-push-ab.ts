/**
 * The extrema rings' push, this checkout against a baseline checkout, in one process
 * (docs/PERFORMANCE.md, "Alerts at scale: the rings' positions made integers"):
 *
 * - push: `ExtremaRings.push` and `mayReach` alone, as `AlertRows.onPrice` calls them, on N
 *   rings (highs and lows in turn) with windows of 5, 10 and 60 s, a random walk at random
 *   rings, 140 pushes a second of feed time a ring (a bench instrument's quotes); 65 s of feed
 *   unmeasured, then MEASURED_PUSHES measured. N = 10 keeps every ring in L1/L2; N = 1,000 is
 *   the alerts bench's instruments.
 * - evaluator: the alerts bench's 10,000 rules and ticks through `AlertEvaluator.onTick` alone
 *   (each instrument's slot found by the driver, as the fold finds it), 1.2M ticks unmeasured,
 *   600k measured, with rules only (the no-rules loop, the same code both sides, is in
 *   `bench/run.ts alerts`' figures).
 * - fold: the same through each side's `FeedState.applyTicks` with its evaluator hooked in
 *   (the epoch read from that state itself), unpaced.
 * - engine: the fold hooked as main/feed/engine.ts hooks it, the epoch read from a MergedState
 *   over the one source for every tick with rules (`onTickIn`), unpaced.
 *
 * Each round runs every side once, the order turned every round; process CPU, ns a push or a
 * tick, median [range], and this checkout's figure over the baseline's in the same round. Both
 * sides must see the same `mayReach` answers and fire the same alerts, or the bench stops. The
 * rounds where neither side had a major GC while measured are shown apart too.
 *
 *   node --import tsx bench/alert-push-ab.ts <baseline checkout> [rounds] [push,evaluator,fold,engine] [rings,...]
 *
 * The baseline checkout needs its `node_modules` (a symlink will do).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Run, Side } from './alert-push-runs';
import { MEASURED_TICKS, WARM_TICKS, pushRun, side, tickRun } from './alert-push-runs';
import { RecordedTicks, makeRules } from './alert-workload';
import { readList } from './report';
import { median } from './numbers';

const HERE = resolve(fileURLToPath(new URL('..', import.meta.url)));

const printLoad = (): void =>
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
const figure = (xs: readonly number[], digits = 1): string =>
  `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;

const base = process.argv[2];
if (base === undefined)
  throw new Error(
    'usage: alert-push-ab.ts <baseline checkout> [rounds] [push,evaluator,fold,engine] [rings,...]',
  );
const rounds = readList('rounds', process.argv[3] ?? '9', 100)[0]!;
const WAYS = ['push', 'evaluator', 'fold', 'engine'];
const ways = (process.argv[4] ?? WAYS.join(',')).split(',');
for (const way of ways) if (!WAYS.includes(way)) throw new Error(`unknown way: ${way}`);
const ringCounts = readList('rings', process.argv[5] ?? '10,1000', 20_000);
const sides = [await side('base', resolve(base)), await side('this', HERE)];

/** Arms of one round: a name and a run giving ns and a count both sides must agree on. */
const cases: { name: string; run: (s: Side) => Run }[] = [];
if (ways.includes('push'))
  for (const n of ringCounts) cases.push({ name: `push, ${n} rings`, run: (s) => pushRun(s, n) });
const ticks = new RecordedTicks(WARM_TICKS + MEASURED_TICKS);
const rules = makeRules();
for (const way of ['evaluator', 'fold', 'engine'] as const)
  if (ways.includes(way))
    cases.push({
      name:
        way === 'evaluator'
          ? 'evaluator alone'
          : way === 'fold'
            ? 'fold'
            : 'fold, hooked as the engine',
      run: (s) => tickRun(s, way, ticks, rules),
    });
printLoad();
for (const c of cases) {
  const ns: Record<string, number[]> = { base: [], this: [] };
  /** Rounds where neither side's measured run had a major GC. */
  const clean: number[] = [];
  let last: Side | null = null;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    const runs: Run[] = [];
    for (const s of order) {
      // A side's first run after the other side's ran slower, whichever side (about 15 ns a
      // tick of the evaluator's 220, on identical code too): it is run and not counted.
      if (s !== last) c.run(s);
      last = s;
      const r = c.run(s);
      ns[s.name]!.push(r.ns);
      runs.push(r);
    }
    if (runs[0]!.reached !== runs[1]!.reached)
      throw new Error(`${c.name}: the sides differ (${runs.map((r) => r.reached).join(' vs ')})`);
    if (runs.every((r) => r.majorGcs === 0)) clean.push(round);
  }
  const ratio = ns.this!.map((x, i) => x / (ns.base![i] as number));
  const rounded = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`  ${c.name}, each round: base ${rounded(ns.base!)}; this ${rounded(ns.this!)}`);
  const lower = ratio.filter((x) => x < 1).length;
  console.log(
    `${c.name}: base ${figure(ns.base!)}, this ${figure(ns.this!)} ns; this / base ${figure(ratio, 2)}, lower in ${lower} of ${rounds}`,
  );
  // A major GC's marking, on V8's helper threads, counts in the process's CPU: it raised a
  // fold run by about 90 ns a tick, so the rounds with none are shown apart too.
  if (clean.length > 0 && clean.length < rounds) {
    const pick = (xs: number[]) => clean.map((i) => xs[i] as number);
    const cleanRatio = pick(ratio);
    console.log(
      `  ${clean.length} rounds with no major GC while measured: base ${figure(pick(ns.base!))}, this ${figure(pick(ns.this!))}; this / base ${figure(cleanRatio, 2)}, lower in ${cleanRatio.filter((x) => x < 1).length}`,
    );
  } else if (clean.length === 0) console.log('  a major GC in every round');
}
printLoad();
