/**
 * Why the rules cost more inside the fold than alone (docs/PERFORMANCE.md, "Alerts at scale",
 * 5 Dec fifth session). Same process, unpaced, on the alerts bench's ticks and rules, each
 * figure with its own no-rules baseline, rounds alternating:
 *
 * - fold: the evaluator hooked into `FeedState.applyTicks`, called per tick (as the engine runs);
 * - split: the same fold and evaluator, the same instruments and frames, but the evaluator runs
 *   over each 100-tick frame in a loop of its own after the fold (the hook only keeps each
 *   tick's market): the fold's and the rules' data share the caches as in `fold`, but the
 *   rules run outside the fold's function and call site;
 * - alone: the evaluator with no fold (each instrument's slot a small object of its own).
 *
 * If `split` costs what `fold` does and more than `alone`, the extra is the shared working set
 * (cache); if `split` costs what `alone` does, it is the call inside the fold (JIT, inlining).
 * With `--allow-natives-syntax` it also prints V8's optimisation status of the functions on the
 * path.
 *
 *   node --import tsx bench/alert-gap.ts [rounds]
 */
import type { AlertRule } from '../protocol/alerts';
import type { Tick } from '../protocol/feed';
import { AlertEvaluator } from '../main/alerts/index';
import { FeedState } from '../main/feed/feed-state';
import type { MarketState } from '../main/feed/market-state';
import type { MatchState } from '../main/feed/match-state';
import { evaluatorRun, foldRun } from './alert-fold-ab';
import type { AbRun } from './alert-fold-ab';
import { RecordedTicks, TICKS_PER_SEC, WORKLOAD_INSTRUMENTS, makeRules } from './alert-workload';
import { collectGarbage, mainThreadCpuMs } from './thread-cpu';
import { median } from './numbers';

const FRAME_TICKS = 100;
const WARM_TICKS = TICKS_PER_SEC * 6;
const MEASURED_TICKS = TICKS_PER_SEC * 3;

function threadMs(): number {
  const ms = mainThreadCpuMs();
  if (ms === null) throw new Error('alert-gap needs /proc (Linux) for the main thread CPU');
  return ms;
}

/** The fold, then the evaluator over the frame in a loop of its own. */
function splitRun(ticks: RecordedTicks, warm: number, rules: readonly AlertRule[]): AbRun {
  const state = new FeedState();
  state.setInstruments(WORKLOAD_INSTRUMENTS);
  const alerts = new AlertEvaluator();
  alerts.setRules(rules);
  let fired = 0;
  alerts.onAlert(() => fired++);
  const folded: Tick[] = [];
  const markets: (MarketState | MatchState | null)[] = [];
  state.onTickFolded = (tick, market) => {
    folded.push(tick);
    markets.push(market);
  };
  const feed = (frame: Tick[]): void => {
    folded.length = 0;
    markets.length = 0;
    state.applyTicks(frame, () => {});
    for (let i = 0; i < folded.length; i++)
      alerts.onTick(folded[i] as Tick, false, state.epoch, markets[i] ?? null);
  };
  for (let at = 0; at < warm; at += FRAME_TICKS) feed(ticks.slice(at, at + FRAME_TICKS));
  collectGarbage();
  fired = 0;
  const start = threadMs();
  for (let at = warm; at < ticks.length; at += FRAME_TICKS)
    feed(ticks.slice(at, Math.min(ticks.length, at + FRAME_TICKS)));
  return { nsPerTick: ((threadMs() - start) * 1e6) / (ticks.length - warm), alerts: fired };
}

type Run = (ticks: RecordedTicks, warm: number, rules: readonly AlertRule[]) => AbRun;
const WAYS: Record<string, Run> = { fold: foldRun, split: splitRun, alone: evaluatorRun };

/** V8's optimisation status bits of `f` (bit 4: optimised by TurboFan), or null without natives. */
function optimisationStatus(f: unknown): number | null {
  try {
    return (new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number)(f);
  } catch {
    return null;
  }
}

const rounds = Number(process.argv[2] ?? 3);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be a positive integer`);
const ticks = new RecordedTicks(WARM_TICKS + MEASURED_TICKS);
const rules = makeRules();
const figures = new Map<string, { none: number[]; rules: number[]; alerts: number }>();
for (let round = 0; round < rounds; round++) {
  const order = Object.entries(WAYS);
  if (round % 2 === 1) order.reverse();
  for (const [name, run] of order) {
    const f = figures.get(name) ?? { none: [], rules: [], alerts: 0 };
    const none = round % 2 === 0 ? run(ticks, WARM_TICKS, []) : null;
    const withRules = run(ticks, WARM_TICKS, rules);
    f.none.push((none ?? run(ticks, WARM_TICKS, [])).nsPerTick);
    f.rules.push(withRules.nsPerTick);
    f.alerts = withRules.alerts;
    figures.set(name, f);
  }
}
console.log(`ns a tick (main thread), median of ${rounds} rounds [range]; ${MEASURED_TICKS} ticks`);
for (const [name, f] of figures) {
  const extra = f.rules.map((r, i) => r - (f.none[i] as number));
  const range = (xs: number[]) => `[${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`;
  console.log(
    `  ${name.padEnd(6)} none ${median(f.none).toFixed(0)} ${range(f.none)}, rules ${median(f.rules).toFixed(0)} ${range(f.rules)}, ` +
      `the rules' extra ${median(extra).toFixed(0)} ${range(extra)}, ${f.alerts} alerts`,
  );
}
const status = {
  'FeedState.applyTicks': optimisationStatus(FeedState.prototype.applyTicks),
  'AlertEvaluator.onTick': optimisationStatus(AlertEvaluator.prototype.onTick),
};
if (Object.values(status).every((s) => s !== null))
  console.log('V8 optimisation status (bit 0x10 = TurboFan code):', status);
