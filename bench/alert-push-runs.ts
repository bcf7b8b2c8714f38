/**
 * The runs of `alert-push-ab.ts`: a checkout's side (its classes and its own instance of the
 * loops) and one measured run of the push, the evaluator alone or the fold on it.
 */
import { GCProfiler } from 'node:v8';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FeedState } from '../main/feed/feed-state';
import type { MergedState } from '../main/feed/merged-state';
import type * as PushLoop from './alert-push-loop';
import type { Evaluator, Rings } from './alert-push-loop';
import {
  TICKS_PER_SEC,
  WORKLOAD_INSTRUMENTS,
  emptySlots,
  type RecordedTicks,
  type makeRules,
} from './alert-workload';
import { seededRandom } from './seeded-ticks';
import { collectGarbage } from './thread-cpu';

type Loop = typeof PushLoop;

const WINDOWS_MS = [5_000, 10_000, 60_000];
const PUSHES_PER_SEC_A_RING = 140;
const WARM_MS = 65_000;
const MEASURED_PUSHES = 2_000_000;
const CHUNK = 1 << 18;
const FRAME_TICKS = 100;
export const WARM_TICKS = TICKS_PER_SEC * 6;
export const MEASURED_TICKS = TICKS_PER_SEC * 3;

/** One run's figure, the count both sides must agree on, and the major GCs while measured. */
export interface Run {
  readonly ns: number;
  readonly reached: number;
  readonly majorGcs: number;
}

export interface Side {
  readonly name: string;
  readonly loop: Loop;
  readonly Rings: new () => Rings;
  readonly Evaluator: new () => Evaluator;
  readonly FeedState: new () => FeedState;
  readonly MergedState: new () => MergedState;
}

export async function side(name: string, root: string): Promise<Side> {
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
  const { MergedState } = (await load('main/feed/merged-state.ts')) as {
    MergedState: new () => MergedState;
  };
  return { name, loop, Rings: ExtremaRings, Evaluator: AlertEvaluator, FeedState, MergedState };
}

function cpuNs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1_000;
}

/** One push run: ns a push measured, and how many pushes may reach (the same on both sides). */
export function pushRun(s: Side, n: number): Run {
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
  // A push allocates nothing: no GC to count.
  return { ns: ns / MEASURED_PUSHES, reached, majorGcs: 0 };
}

/**
 * One run of the evaluator alone or in the fold: ns a tick measured, and the alerts fired while
 * measured.
 */
export function tickRun(
  s: Side,
  way: 'evaluator' | 'fold' | 'engine',
  ticks: RecordedTicks,
  rules: ReturnType<typeof makeRules>,
): Run {
  const alerts = new s.Evaluator();
  alerts.setRules(rules);
  let fired = 0;
  alerts.onAlert(() => fired++);
  const slots = emptySlots();
  const state = new s.FeedState();
  state.setInstruments(WORKLOAD_INSTRUMENTS);
  const merged = new s.MergedState();
  merged.setParts([{ prefix: null, state }]);
  if (way === 'fold') s.loop.hookFold(state, alerts);
  if (way === 'engine') s.loop.hookEngine(state, merged, alerts);
  const end = WARM_TICKS + MEASURED_TICKS;
  collectGarbage();
  let start = 0;
  const gcs = new GCProfiler();
  for (let at = 0; at < end; at += FRAME_TICKS) {
    if (at === WARM_TICKS) {
      fired = 0;
      gcs.start();
      start = cpuNs();
    }
    const frame = ticks.slice(at, at + FRAME_TICKS);
    if (way === 'fold') s.loop.foldFrame(state, frame);
    else if (way === 'engine') s.loop.foldFrameMerged(state, merged, frame);
    else s.loop.evaluateFrame(alerts, frame, slots);
  }
  const ns = (cpuNs() - start) / MEASURED_TICKS;
  const majorGcs = gcs.stop().statistics.filter((g) => g.gcType === 'MarkSweepCompact').length;
  return { ns, reached: fired, majorGcs };
}
