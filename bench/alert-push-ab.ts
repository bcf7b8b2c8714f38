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
 * - fold: the same through each side's `FeedState.applyTicks` with its evaluator hooked in, as
 *   the engine runs it, unpaced.
 *
 * Each round runs every side once, the order turned every round; process CPU, ns a push or a
 * tick, median [range], and this checkout's figure over the baseline's in the same round. Both
 * sides must see the same `mayReach` answers and fire the same alerts, or the bench stops.
 *
 *   node --import tsx bench/alert-push-ab.ts <baseline checkout> [rounds] [push,evaluator,fold] [rings,...]
 *
 * The baseline checkout needs its `node_modules` (a symlink will do).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AlertIndexSlot } from '../main/alerts/alert-index-slot';
import type { FeedState } from '../main/feed/feed-state';
import type * as PushLoop from './alert-push-loop';
import type { Evaluator, Rings } from './alert-push-loop';
import {
  INSTRUMENT_IDS,
  RecordedTicks,
  TICKS_PER_SEC,
  WORKLOAD_INSTRUMENTS,
  makeRules,
} from './alert-workload';
import { readList } from './report';
import { seededRandom } from './seeded-ticks';
import { collectGarbage } from './thread-cpu';

type Loop = typeof PushLoop;

const WINDOWS_MS = [5_000, 10_000, 60_000];
const PUSHES_PER_SEC_A_RING = 140;
const WARM_MS = 65_000;
const MEASURED_PUSHES = 2_000_000;
const CHUNK = 1 << 18;
const FRAME_TICKS = 100;
const WARM_TICKS = TICKS_PER_SEC * 6;
const MEASURED_TICKS = TICKS_PER_SEC * 3;
const HERE = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface Side {
  readonly name: string;
  readonly loop: Loop;
  readonly Rings: new () => Rings;
  readonly Evaluator: new () => Evaluator;
  readonly FeedState: new () => FeedState;
}

async function side(name: string, root: string): Promise<Side> {
  const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  const loop = (await import(
    new URL(`./alert-push-loop.ts?side=${name}`, import.meta.url).href
  )) as Loop;
  const { ExtremaRings } = (await load('main/alerts/extrema-rings.ts')) as {
    ExtremaRings: new () => Rings;
  };
  const { AlertEvaluator } = (await load('main/alerts/index.ts')) as {
    AlertEvaluator: new () => Evaluator;
  };
  const { FeedState } = (await load('main/feed/feed-state.ts')) as {
    FeedState: new () => FeedState;
  };
  return { name, loop, Rings: ExtremaRings, Evaluator: AlertEvaluator, FeedState };
}

function cpuNs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1_000;
}

/** One push run: ns a push measured, and how many pushes may reach (the same on both sides). */
function pushRun(s: Side, n: number): { ns: number; reached: number } {
  const rings = new s.Rings();
  const r = seededRandom(n);
  const at = s.loop.makeRings(rings, n, WINDOWS_MS, () => 1 + r() * 9);
  const price = new Float64Array(n).fill(100);
  const ring = new Uint16Array(CHUNK);
  const ts = new Float64Array(CHUNK);
  const value = new Float64Array(CHUNK);
  const perMs = (n * PUSHES_PER_SEC_A_RING) / 1_000;
  const warm = Math.round(WARM_MS * perMs);
  let pushed = 0;
  let ns = 0;
  let reached = 0;
  collectGarbage();
  while (pushed < warm + MEASURED_PUSHES) {
    const count = Math.min(
      CHUNK,
      warm + MEASURED_PUSHES - pushed,
      pushed < warm ? warm - pushed : CHUNK,
    );
    for (let i = 0; i < count; i++) {
      const k = Math.floor(r() * n);
      price[k] = Math.max(1, (price[k] as number) * (1 + (r() - 0.5) * 0.002));
      ring[i] = k;
      ts[i] = Math.floor((pushed + i) / perMs);
      value[i] = Math.round((price[k] as number) * 100) / 100;
    }
    const start = cpuNs();
    const hits = s.loop.pushValues(rings, at, ring, ts, value, count);
    if (pushed >= warm) {
      ns += cpuNs() - start;
      reached += hits;
    }
    pushed += count;
  }
  return { ns: ns / MEASURED_PUSHES, reached };
}

/**
 * One run of the evaluator alone or in the fold: ns a tick measured, and the alerts fired while
 * measured.
 */
function tickRun(
  s: Side,
  way: 'evaluator' | 'fold',
  ticks: RecordedTicks,
  rules: ReturnType<typeof makeRules>,
): { ns: number; reached: number } {
  const alerts = new s.Evaluator();
  alerts.setRules(rules);
  let fired = 0;
  alerts.onAlert(() => fired++);
  const slots = new Map<string, AlertIndexSlot>(
    INSTRUMENT_IDS.map((id) => [
      id,
      { alertIndex: undefined, alertIndexId: null, alertIndexVersion: 0 },
    ]),
  );
  const state = new s.FeedState();
  state.setInstruments(WORKLOAD_INSTRUMENTS);
  if (way === 'fold') s.loop.hookFold(state, alerts);
  const end = WARM_TICKS + MEASURED_TICKS;
  collectGarbage();
  let start = 0;
  for (let at = 0; at < end; at += FRAME_TICKS) {
    if (at === WARM_TICKS) {
      fired = 0;
      start = cpuNs();
    }
    const frame = ticks.slice(at, at + FRAME_TICKS);
    if (way === 'fold') s.loop.foldFrame(state, frame);
    else s.loop.evaluateFrame(alerts, frame, slots);
  }
  return { ns: (cpuNs() - start) / MEASURED_TICKS, reached: fired };
}

const printLoad = (): void =>
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const figure = (xs: readonly number[], digits = 1): string =>
  `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;

const base = process.argv[2];
if (base === undefined)
  throw new Error(
    'usage: alert-push-ab.ts <baseline checkout> [rounds] [push,evaluator,fold] [rings,...]',
  );
const rounds = readList('rounds', process.argv[3] ?? '9', 100)[0]!;
const WAYS = ['push', 'evaluator', 'fold'];
const ways = (process.argv[4] ?? WAYS.join(',')).split(',');
for (const way of ways) if (!WAYS.includes(way)) throw new Error(`unknown way: ${way}`);
const ringCounts = readList('rings', process.argv[5] ?? '10,1000', 20_000);
const sides = [await side('base', resolve(base)), await side('this', HERE)];

/** Arms of one round: a name and a run giving ns and a count both sides must agree on. */
const cases: { name: string; run: (s: Side) => { ns: number; reached: number } }[] = [];
if (ways.includes('push'))
  for (const n of ringCounts) cases.push({ name: `push, ${n} rings`, run: (s) => pushRun(s, n) });
const ticks = new RecordedTicks(WARM_TICKS + MEASURED_TICKS);
const rules = makeRules();
for (const way of ['evaluator', 'fold'] as const)
  if (ways.includes(way))
    cases.push({
      name: way === 'fold' ? 'fold' : 'evaluator alone',
      run: (s) => tickRun(s, way, ticks, rules),
    });
printLoad();
for (const c of cases) {
  const ns: Record<string, number[]> = { base: [], this: [] };
  let last: Side | null = null;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    const reached: number[] = [];
    for (const s of order) {
      // A side's first run after the other side's ran slower, whichever side (about 15 ns a
      // tick of the evaluator's 220, on identical code too): it is run and not counted.
      if (s !== last) c.run(s);
      last = s;
      const r = c.run(s);
      ns[s.name]!.push(r.ns);
      reached.push(r.reached);
    }
    if (reached[0] !== reached[1])
      throw new Error(`${c.name}: the sides differ (${reached.join(' vs ')})`);
  }
  const ratio = ns.this!.map((x, i) => x / (ns.base![i] as number));
  const rounded = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`  ${c.name}, each round: base ${rounded(ns.base!)}; this ${rounded(ns.this!)}`);
  const lower = ratio.filter((x) => x < 1).length;
  console.log(
    `${c.name}: base ${figure(ns.base!)}, this ${figure(ns.this!)} ns; this / base ${figure(ratio, 2)}, lower in ${lower} of ${rounds}`,
  );
}
printLoad();
