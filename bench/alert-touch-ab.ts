/**
 * The touch pass (docs/PERFORMANCE.md, "Alerts at scale: the touch pass, measured"): does
 * reading ahead the lines each tick's rules will need, for a group of a frame's ticks in a cheap
 * loop (so the misses overlap), then evaluating them, pay? Same process, this checkout, the
 * alerts bench's ticks and rules as protocol frames of FRAME_TICKS, decoded and folded, the
 * epoch read from a MergedState as the engine's hook reads it, a consumer's batch built 30
 * times a second of feed. Modes:
 *
 * - hooked: the evaluator hooked into the fold, a tick at a time (the engine today);
 * - deferred: the fold's ticks and states kept, and evaluated after the frame's fold (what the
 *   touch pass needs, without the touch);
 * - touch: deferred, and each group of GROUP ticks touched (`AlertEvaluator.touch`) before the
 *   group is evaluated.
 *
 * Paces, as `alert-engine-gap.ts`: none (unpaced), idle (a frame every 10 ms, the thread idle
 * between, as a socket paces the engine), evict (unpaced, 64 MB read between frames). Each way
 * runs with the rules and without; ways and arms alternate, the order turned every round; main
 * thread CPU over the measured ticks, ns a tick; the rules' extra is each way's own.
 *
 *   node --import tsx bench/alert-touch-ab.ts [rounds] [mode/pace,...]   (GROUP=n, default 32)
 */
import { loadavg } from 'node:os';
import type { AlertRule } from '../protocol/alerts';
import type { Tick } from '../protocol/feed';
import type { AlertIndexSlot } from '../main/alerts/alert-index-slot';
import { AlertEvaluator } from '../main/alerts/index';
import { Batcher } from '../main/feed/batcher';
import { FeedState } from '../main/feed/feed-state';
import { MergedState } from '../main/feed/merged-state';
import { tickdeckProtocol } from '../main/feed/tickdeck-protocol';
import { HEALTH } from '../test-support/engine-fixtures';
import {
  RecordedTicks,
  TICKS_PER_SEC,
  WORKLOAD_INSTRUMENTS,
  makeRules,
  toFrames,
} from './alert-workload';
import { collectGarbage, mainThreadCpuMs } from './thread-cpu';

const FRAME_TICKS = Number(process.env.FRAME_TICKS ?? 2_000);
const GROUP = Number(process.env.GROUP ?? 32);
const WARM_TICKS = TICKS_PER_SEC * 6;
const MEASURED_TICKS = TICKS_PER_SEC * 3;
const TICKS_PER_BATCH = TICKS_PER_SEC / 30;
const FRAME_MS = (FRAME_TICKS * 1_000) / TICKS_PER_SEC;
const MODES = ['hooked', 'deferred', 'touch'] as const;
const PACES = ['none', 'idle', 'evict'] as const;
type Mode = (typeof MODES)[number];
type Pace = (typeof PACES)[number];

const evictBuffer = new Float64Array((64 * 1024 * 1024) / 8);
let sink = 0;
function evictCaches(): void {
  for (let i = 0; i < evictBuffer.length; i += 8) sink += evictBuffer[i] as number;
  evictBuffer[(sink & 1023) * 8] = 1;
}

function threadMs(): number {
  const ms = mainThreadCpuMs();
  if (ms === null) throw new Error('alert-touch-ab needs /proc (Linux)');
  return ms;
}

/** The engine path of one mode: a frame decoded and folded, and the consumer's batch. */
function path(mode: Mode, rules: readonly AlertRule[]) {
  const state = new FeedState();
  state.setInstruments(WORKLOAD_INSTRUMENTS);
  const merged = new MergedState();
  merged.setParts([{ prefix: null, state }]);
  const alerts = new AlertEvaluator();
  alerts.setRules(rules);
  let fired = 0;
  alerts.onAlert(() => fired++);
  const kept: Tick[] = [];
  const slots: (AlertIndexSlot | null)[] = [];
  if (mode === 'hooked')
    state.onTickFolded = (tick, market) => alerts.onTickIn(tick, false, merged, market);
  else
    state.onTickFolded = (tick, market) => {
      kept.push(tick);
      slots.push(market);
    };
  const evaluate = (): void => {
    const n = kept.length;
    if (mode === 'touch')
      for (let g = 0; g < n; g += GROUP) {
        const end = Math.min(n, g + GROUP);
        for (let i = g; i < end; i++) sink += alerts.touch(kept[i] as Tick, slots[i] ?? null);
        for (let i = g; i < end; i++)
          alerts.onTickIn(kept[i] as Tick, false, merged, slots[i] ?? null);
      }
    else
      for (let i = 0; i < n; i++) alerts.onTickIn(kept[i] as Tick, false, merged, slots[i] ?? null);
    kept.length = 0;
    slots.length = 0;
  };
  const session = tickdeckProtocol('ws://bench', {
    kind: 'url',
    label: 'bench',
  }).createConnection();
  const batcher = new Batcher(state, () => {});
  const consumer = batcher.attach((batch) => consumer.ack(batch.seq));
  return {
    fired: () => fired,
    feedFrame(frame: string): void {
      const decoded = session.decode(frame);
      if (!decoded.ok) throw new Error(decoded.error);
      for (const message of decoded.messages)
        if (message.op === 'ticks') {
          state.applyTicks(message.ticks, () => {});
          if (mode !== 'hooked') evaluate();
        }
    },
    flush: (ts: number) => batcher.flush(ts, () => HEALTH, 0),
  };
}

async function run(
  mode: Mode,
  pace: Pace,
  ticks: RecordedTicks,
  frames: readonly string[],
  rules: readonly AlertRule[],
): Promise<{ ns: number; alerts: number }> {
  const p = path(mode, rules);
  let nextBatch = TICKS_PER_BATCH;
  const frameAt = (at: number): void => {
    p.feedFrame(frames[at / FRAME_TICKS] as string);
    if (at + FRAME_TICKS >= nextBatch) {
      p.flush(ticks.tsAt(at));
      nextBatch += TICKS_PER_BATCH;
    }
    if (pace === 'evict') evictCaches();
  };
  const end = WARM_TICKS + MEASURED_TICKS;
  collectGarbage();
  let start = 0;
  let before = 0;
  const mark = (): void => {
    before = p.fired();
    start = threadMs();
  };
  if (pace !== 'idle') {
    for (let at = 0; at < WARM_TICKS; at += FRAME_TICKS) frameAt(at);
    mark();
    for (let at = WARM_TICKS; at < end; at += FRAME_TICKS) frameAt(at);
  } else
    await new Promise<void>((done) => {
      let at = 0;
      const timer = setInterval(() => {
        frameAt(at);
        at += FRAME_TICKS;
        if (at === WARM_TICKS) mark();
        if (at >= end) {
          clearInterval(timer);
          done();
        }
      }, FRAME_MS);
    });
  return { ns: ((threadMs() - start) * 1e6) / MEASURED_TICKS, alerts: p.fired() - before };
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fig = (xs: readonly number[], d = 0): string =>
  `${median(xs).toFixed(d)} [${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}]`;
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/**
 * Every mode's path with and without the rules fed the same frames in turn, frame by frame (the
 * order turned every frame), each frame's wall time taken apart: the median frame of each is
 * the run unpreempted, whatever the load (a preempted frame is an outlier), and each path's
 * lines are as cold as the others' frames between two of its own leave them.
 */
function interleaved(
  modes: readonly Mode[],
  frames: readonly string[],
  ticks: RecordedTicks,
  rules: readonly AlertRule[],
): Map<string, number[]> {
  const paths = modes.flatMap((mode) =>
    [
      { name: `${mode} none`, p: path(mode, []) },
      { name: `${mode} rules`, p: path(mode, rules) },
    ].map((x) => ({ ...x, next: TICKS_PER_BATCH, ns: [] as number[] })),
  );
  const warmFrames = WARM_TICKS / FRAME_TICKS;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i] as string;
    const k = i % paths.length;
    const order = i % 2 === 0 ? paths : [...paths].reverse();
    for (let j = 0; j < order.length; j++) {
      const x = order[(j + k) % order.length]!;
      const t0 = performance.now();
      x.p.feedFrame(frame);
      if ((i + 1) * FRAME_TICKS >= x.next) {
        x.p.flush(ticks.tsAt(i * FRAME_TICKS));
        x.next += TICKS_PER_BATCH;
      }
      if (i >= warmFrames) x.ns.push(((performance.now() - t0) * 1e6) / FRAME_TICKS);
    }
  }
  const fired = new Set(paths.filter((x) => x.name.endsWith('rules')).map((x) => x.p.fired()));
  if (fired.size !== 1) throw new Error(`the modes fired differently: ${[...fired].join(' vs ')}`);
  return new Map(paths.map((x) => [x.name, x.ns]));
}

const rounds = Number(process.argv[2] ?? 5);
if (WARM_TICKS % FRAME_TICKS !== 0) throw new Error('FRAME_TICKS must divide the warm ticks');
const ticks = new RecordedTicks(WARM_TICKS + MEASURED_TICKS);
const frames = toFrames(ticks, FRAME_TICKS);
const rules = makeRules();
console.log(`load ${load()}; frames of ${FRAME_TICKS} ticks, groups of ${GROUP}`);
if (process.argv[3] === 'interleaved') {
  const modes = (process.argv[4] ?? MODES.join(',')).split(',') as Mode[];
  for (const m of modes) if (!MODES.includes(m)) throw new Error(`unknown mode: ${m}`);
  const extras = new Map(modes.map((m) => [m, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    collectGarbage();
    const ns = interleaved(modes, frames, ticks, rules);
    const line = modes.map((m) => {
      const extra = median(ns.get(`${m} rules`)!) - median(ns.get(`${m} none`)!);
      extras.get(m)!.push(extra);
      return `${m} ${median(ns.get(`${m} none`)!).toFixed(0)} / ${median(ns.get(`${m} rules`)!).toFixed(0)} (+${extra.toFixed(0)})`;
    });
    console.log(
      `round ${round + 1}, median frame ns a tick none / rules: ${line.join(', ')}; load ${load()}`,
    );
  }
  for (const m of modes) console.log(`  ${m.padEnd(9)} extra ${fig(extras.get(m)!)} ns a tick`);
  process.exit(0);
}
const ways = (process.argv[3] ?? 'hooked/idle,deferred/idle,touch/idle').split(',').map((w) => {
  const [mode, pace] = w.split('/') as [Mode, Pace];
  if (!MODES.includes(mode) || !PACES.includes(pace)) throw new Error(`unknown way: ${w}`);
  return { name: w, mode, pace };
});
const figures = new Map(
  ways.map((w) => [
    w.name,
    { none: [] as number[], rules: [] as number[], alerts: new Set<number>() },
  ]),
);
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ways : [...ways].reverse();
  for (const w of order) {
    const f = figures.get(w.name)!;
    for (const arm of round % 2 === 0 ? [[], rules] : [rules, []]) {
      const r = await run(w.mode, w.pace, ticks, frames, arm);
      if (arm.length === 0) f.none.push(r.ns);
      else {
        f.rules.push(r.ns);
        f.alerts.add(r.alerts);
      }
    }
  }
  const line = ways
    .map((w) => {
      const f = figures.get(w.name)!;
      return `${w.name} ${(f.rules.at(-1)! - f.none.at(-1)!).toFixed(0)}`;
    })
    .join(', ');
  console.log(`round ${round + 1}: extra ns a tick: ${line}`);
}
console.log(`ns a tick (main thread), median [range] of ${rounds} rounds; load ${load()}`);
for (const w of ways) {
  const f = figures.get(w.name)!;
  const extra = f.rules.map((r, i) => r - (f.none[i] as number));
  const ratio = f.rules.map((r, i) => r / (f.none[i] as number));
  console.log(
    `  ${w.name.padEnd(15)} none ${fig(f.none)}, rules ${fig(f.rules)}, extra ${fig(extra)}, ratio ${fig(ratio, 3)}; alerts ${[...f.alerts].join('/')}`,
  );
}
