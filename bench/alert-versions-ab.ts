/**
 * Two versions of `main/alerts/` on the alerts bench's ticks and rules, in ONE process: the
 * evaluator alone (`onTick` with each instrument's slot, as the fold hands it) or the fold with
 * it hooked in, unpaced, against the same way with no rules. Each run builds a new evaluator,
 * feeds the bench's first 1.2 million ticks unmeasured (rings and windows grown, the first fires
 * done), then measures the next 600,000; the arms (no rules, this, other) in a turned order
 * every round. CPU (below), ns a tick; the rules' extra is a run's less its round's no-rules
 * run, and "this / other" the ratio of the two extras per round.
 *
 *   node --import tsx bench/alert-versions-ab.ts <other main/alerts folder> [rounds] [alone|fold] [all|volume]
 *
 * (`volume`: the `volume-above` rules only, the part a volume window change moves.)
 */
import { resolve } from 'node:path';
import type { AlertEvent, AlertRule } from '../protocol/alerts';
import type { Tick } from '../protocol/feed';
import type { AlertIndexSlot } from '../main/alerts/alert-index-slot';
import { FeedState } from '../main/feed/feed-state';
import { RecordedTicks, WORKLOAD_INSTRUMENTS, emptySlots, makeRules } from './alert-workload';
import { readList } from './report';
import { collectGarbage, mainThreadCpuMs } from './thread-cpu';
import { median } from './numbers';

interface Evaluator {
  setRules(rules: readonly AlertRule[]): void;
  onAlert(listener: (event: AlertEvent) => void): unknown;
  onTick(tick: Tick, replay: boolean, epoch: number, slot: AlertIndexSlot | null): void;
}
type EvaluatorClass = new () => Evaluator;

const FRAME_TICKS = 100;
const WARM_TICKS = 1_200_000;
const MEASURED_TICKS = 600_000;

const [other, roundsText, way = 'alone', which = 'all'] = process.argv.slice(2);
if (!other || !['alone', 'fold'].includes(way) || !['all', 'volume'].includes(which))
  throw new Error(
    'usage: alert-versions-ab.ts <other main/alerts folder> [rounds] [alone|fold] [all|volume]',
  );
const rounds = readList('rounds', roundsText ?? '9', 100)[0]!;
const versions: Record<string, EvaluatorClass> = {
  this: (await import('../main/alerts/index')).AlertEvaluator as EvaluatorClass,
  other: (await import(resolve(other, 'index.ts'))).AlertEvaluator as EvaluatorClass,
};
const allRules = makeRules();
const rules =
  which === 'volume' ? allRules.filter((r) => r.condition.type === 'volume-above') : allRules;
const ticks = new RecordedTicks(WARM_TICKS + MEASURED_TICKS);

/**
 * The clock: the evaluator alone on the process's µs clock (its runs are short, the main
 * thread's clock counts 10 ms steps), the fold on the main thread's, as the benches before.
 */
function cpuMs(): number {
  if (way === 'alone') {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1_000;
  }
  const ms = mainThreadCpuMs();
  if (ms === null) throw new Error('alert-versions-ab needs /proc (Linux) for the main thread CPU');
  return ms;
}

/** One run: ns a measured tick and the alerts fired while measured. */
function run(Evaluator: EvaluatorClass, withRules: readonly AlertRule[]): [number, number] {
  const evaluator = new Evaluator();
  evaluator.setRules(withRules);
  let alerts = 0;
  evaluator.onAlert(() => alerts++);
  let feed: (frame: Tick[]) => void;
  if (way === 'fold') {
    const state = new FeedState();
    state.setInstruments(WORKLOAD_INSTRUMENTS);
    state.onTickFolded = (tick, market) => evaluator.onTick(tick, false, state.epoch, market);
    feed = (frame) => state.applyTicks(frame, () => {});
  } else {
    const slots = emptySlots();
    feed = (frame) => {
      for (const tick of frame) evaluator.onTick(tick, false, 1, slots.get(tick.instrument)!);
    };
  }
  collectGarbage();
  for (let at = 0; at < WARM_TICKS; at += FRAME_TICKS) feed(ticks.slice(at, at + FRAME_TICKS));
  alerts = 0;
  const start = cpuMs();
  for (let at = WARM_TICKS; at < ticks.length; at += FRAME_TICKS)
    feed(ticks.slice(at, at + FRAME_TICKS));
  return [((cpuMs() - start) * 1e6) / MEASURED_TICKS, alerts];
}

const ARMS = ['none', 'this', 'other'] as const;
const ns: Record<string, number[]> = { none: [], this: [], other: [] };
const alerts: Record<string, number> = {};
for (let round = 0; round < rounds; round++) {
  const order = ARMS.map((_, i) => ARMS[(i + round) % ARMS.length]!);
  if (round % 2 === 1) order.reverse();
  for (const arm of order) {
    const [perTick, fired] = run(
      versions[arm === 'other' ? 'other' : 'this']!,
      arm === 'none' ? [] : rules,
    );
    ns[arm]!.push(perTick);
    alerts[arm] = fired;
  }
}
const range = (xs: readonly number[], digits = 0): string =>
  `[${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;
const extra = (arm: string): number[] => ns[arm]!.map((x, i) => x - ns.none![i]!);
const ratio = extra('this').map((x, i) => x / extra('other')[i]!);
const whole = ns.this!.map((x, i) => x / ns.other![i]!);
console.log(
  `${way}, ${rules.length} rules, ${rounds} rounds, ns a tick: none ${median(ns.none!).toFixed(0)} ${range(ns.none!)}; ` +
    `the rules' extra: this ${median(extra('this')).toFixed(0)} ${range(extra('this'))}, ` +
    `other ${median(extra('other')).toFixed(0)} ${range(extra('other'))}; this / other per round ` +
    `${median(ratio).toFixed(2)} ${range(ratio, 2)} (whole run ${median(whole).toFixed(3)} ${range(whole, 2)}); alerts while measured: this ${alerts.this}, other ${alerts.other}`,
);
