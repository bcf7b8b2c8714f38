/**
 * The loops of `alert-push-ab.ts`, in a module of their own so that it can import this one once
 * per checkout (a query string makes each import a new module instance): each side's calls then
 * stay monomorphic, as they are in the app, rather than one loop seeing both sides' classes.
 */
import type { AlertRule } from '../protocol/alerts';
import type { Tick } from '../protocol/feed';
import type { AlertIndexSlot } from '../main/alerts/alert-index-slot';
import type { FeedState } from '../main/feed/feed-state';
import type { MergedState } from '../main/feed/merged-state';

/** What the driver calls of a checkout's `ExtremaRings` (the offsets API, unchanged by w112). */
export interface Rings {
  create(keep: 'max' | 'min'): number;
  addWindow(o: number, windowMs: number): number;
  setThreshold(o: number, k: number, value: number): void;
  push(o: number, ts: number, value: number): number;
  mayReach(o: number, v: number): boolean;
}

/** What the driver calls of a checkout's `AlertEvaluator`. */
export interface Evaluator {
  setRules(rules: readonly AlertRule[]): void;
  onAlert(listener: () => void): () => void;
  onTick(tick: Tick, replay: boolean, epoch: number, slot: AlertIndexSlot | null): void;
  onTickIn(
    tick: Tick,
    replay: boolean,
    feed: { readonly historyEpoch: number },
    slot: AlertIndexSlot | null,
  ): void;
}

/** `n` rings, highs and lows in turn (a price's last and mid), each with the same windows. */
export function makeRings(
  rings: Rings,
  n: number,
  windowsMs: readonly number[],
  thresholds: (ring: number, k: number) => number,
): number[] {
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    let o = rings.create(i % 2 === 0 ? 'max' : 'min');
    for (const ms of windowsMs) o = rings.addWindow(o, ms);
    windowsMs.forEach((_, k) => rings.setThreshold(o, k, thresholds(i, k)));
    at.push(o);
  }
  return at;
}

/**
 * Pushes `count` values as `AlertRows.onPrice` does (push, follow the moved ring, ask
 * `mayReach`); how many may reach.
 */
export function pushValues(
  rings: Rings,
  at: number[],
  ring: Uint16Array,
  ts: Float64Array,
  value: Float64Array,
  count: number,
): number {
  let reached = 0;
  for (let i = 0; i < count; i++) {
    const k = ring[i] as number;
    const v = value[i] as number;
    const o = rings.push(at[k] as number, ts[i] as number, v);
    at[k] = o;
    if (rings.mayReach(o, v)) reached++;
  }
  return reached;
}

/** The evaluator's `onTick` on each tick of `frame`, with its instrument's slot. */
export function evaluateFrame(
  alerts: Evaluator,
  frame: readonly Tick[],
  slots: Map<string, AlertIndexSlot>,
): void {
  for (const tick of frame) alerts.onTick(tick, false, 1, slots.get(tick.instrument)!);
}

/** Hooks `alerts` into `state`'s fold, as the engine does. */
export function hookFold(state: FeedState, alerts: Evaluator): void {
  state.onTickFolded = (tick, market) => alerts.onTick(tick, false, state.epoch, market);
}

/** Folds `frame` into `state`. */
export function foldFrame(state: FeedState, frame: readonly Tick[]): void {
  state.applyTicks(frame, () => {});
}

/**
 * Hooks `alerts` into `state`'s fold as the engine does (main/feed/engine.ts): the epoch read
 * from the merged view of the sources, for every tick whose instrument has rules.
 */
export function hookEngine(state: FeedState, merged: MergedState, alerts: Evaluator): void {
  state.onTickFolded = (tick, market) => alerts.onTickIn(tick, false, merged, market);
}

/** Folds `frame`, then reads the counters a batch reads of the merged view; their sum. */
export function foldFrameMerged(
  state: FeedState,
  merged: MergedState,
  frame: readonly Tick[],
): number {
  state.applyTicks(frame, () => {});
  return merged.version + merged.instrumentsVersion;
}
