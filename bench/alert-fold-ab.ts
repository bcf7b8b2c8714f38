/**
 * The alerts bench's steadier figure: the fold with and without the 10,000 rules on the same
 * recorded ticks, unpaced, in one process (no timer, no sockets, no event loop in between), so
 * what differs between two runs is the rules and little else. Each run builds a new fold state
 * and evaluator, feeds WARM_TICKS unmeasured (rings and windows grown, the first fires done,
 * the JIT warm), then measures the main thread's CPU over MEASURED_TICKS, as ns per tick. Runs
 * alternate, the order swapped every pair. Beside it, the evaluator alone (`onTick` with each
 * instrument's slot, as the fold hands it) against the same loop with no rules: its own cost
 * per tick, without the fold's cache traffic.
 */
import type { AlertRule } from '../protocol/alerts';
import type { Tick } from '../protocol/feed';
import { AlertEvaluator } from '../main/alerts/index';
import { Batcher } from '../main/feed/batcher';
import { FeedState } from '../main/feed/feed-state';
import { tickdeckProtocol } from '../main/feed/tickdeck-protocol';
import { HEALTH } from '../test-support/engine-fixtures';
import type { RecordedTicks } from './alert-workload';
import { WORKLOAD_INSTRUMENTS, emptySlots } from './alert-workload';
import { collectGarbage, mainThreadCpuMs } from './thread-cpu';

const FRAME_TICKS = 100;

/** One run's CPU per measured tick, ns, and the alerts it fired while measured. */
export interface AbRun {
  readonly nsPerTick: number;
  readonly alerts: number;
}

function threadMs(): number {
  const thread = mainThreadCpuMs();
  if (thread !== null) return thread;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
}

/**
 * Feeds [0, warm) unmeasured and [warm, ticks.length) measured, frame by frame, through `feed`;
 * `onMeasure` is called as the measured part starts.
 */
function measure(
  ticks: RecordedTicks,
  warm: number,
  feed: (frame: Tick[]) => void,
  onMeasure: () => void,
): number {
  for (let at = 0; at < warm; at += FRAME_TICKS) feed(ticks.slice(at, at + FRAME_TICKS));
  onMeasure();
  const start = threadMs();
  for (let at = warm; at < ticks.length; at += FRAME_TICKS)
    feed(ticks.slice(at, Math.min(ticks.length, at + FRAME_TICKS)));
  return ((threadMs() - start) * 1e6) / (ticks.length - warm);
}

/** A feed state of the workload's instruments with the evaluator hooked in, as the engine runs it. */
export function hookedFold(rules: readonly AlertRule[]): {
  state: FeedState;
  /** Alerts fired so far. */
  fired: () => number;
} {
  const state = new FeedState();
  state.setInstruments(WORKLOAD_INSTRUMENTS);
  const alerts = new AlertEvaluator();
  alerts.setRules(rules);
  let fired = 0;
  alerts.onAlert(() => fired++);
  state.onTickFolded = (tick, market) => alerts.onTick(tick, false, state.epoch, market);
  return { state, fired: () => fired };
}

/** `hookedFold` behind the engine's decoder, with a consumer's batches: the engine path. */
export function hookedEngine(rules: readonly AlertRule[]): ReturnType<typeof hookedFold> & {
  /** Decodes a protocol frame and folds its ticks. */
  feedFrame: (frame: string) => void;
  /** Builds the consumer's batch at feed time `ts`. */
  flush: (ts: number) => void;
} {
  const { state, fired } = hookedFold(rules);
  const session = tickdeckProtocol('ws://bench', {
    kind: 'url',
    label: 'bench',
  }).createConnection();
  const batcher = new Batcher(state, () => {});
  const consumer = batcher.attach((batch) => consumer.ack(batch.seq));
  return {
    state,
    fired,
    feedFrame(frame) {
      const decoded = session.decode(frame);
      if (!decoded.ok) throw new Error(decoded.error);
      for (const message of decoded.messages)
        if (message.op === 'ticks') state.applyTicks(message.ticks, () => {});
    },
    flush: (ts) => batcher.flush(ts, () => HEALTH, 0),
  };
}

/** The fold with the evaluator hooked in, unpaced. */
export function foldRun(ticks: RecordedTicks, warm: number, rules: readonly AlertRule[]): AbRun {
  const { state, fired } = hookedFold(rules);
  let before = 0;
  collectGarbage();
  const nsPerTick = measure(
    ticks,
    warm,
    (frame) => state.applyTicks(frame, () => {}),
    () => (before = fired()),
  );
  return { nsPerTick, alerts: fired() - before };
}

/** The evaluator alone; each instrument's slot found by the driver, as the fold finds it. */
export function evaluatorRun(
  ticks: RecordedTicks,
  warm: number,
  rules: readonly AlertRule[],
): AbRun {
  const alerts = new AlertEvaluator();
  alerts.setRules(rules);
  let fired = 0;
  alerts.onAlert(() => fired++);
  const slots = emptySlots();
  collectGarbage();
  const nsPerTick = measure(
    ticks,
    warm,
    (frame) => {
      for (const tick of frame) alerts.onTick(tick, false, 1, slots.get(tick.instrument)!);
    },
    () => (fired = 0),
  );
  return { nsPerTick, alerts: fired };
}

/** `pairs` alternating pairs of `run` without and with `rules`, the order swapped every pair. */
export function abPairs(
  run: (ticks: RecordedTicks, warm: number, rules: readonly AlertRule[]) => AbRun,
  ticks: RecordedTicks,
  warm: number,
  rules: readonly AlertRule[],
  pairs: number,
): { base: AbRun; with: AbRun }[] {
  const out: { base: AbRun; with: AbRun }[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      const base = run(ticks, warm, []);
      out.push({ base, with: run(ticks, warm, rules) });
    } else {
      const withRules = run(ticks, warm, rules);
      out.push({ base: run(ticks, warm, []), with: withRules });
    }
  }
  return out;
}
