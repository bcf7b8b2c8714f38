/**
 * The seeded world: market and sports models, the scenario timeline and each instrument's
 * server-side state. Time advances in fixed simulated steps, driven by (but never sampled
 * from) the real clock, so the same seed and options give the same events in the same order
 * however fast or unevenly the host runs; only timestamps differ.
 */
import type { Instrument, Tick } from '../protocol/feed';
import type { IntervalTicks } from './interval-ticks';
import { InstrumentState } from './instrument-state';
import { MarketModel } from './market-model';
import { Rng } from './rng';
import { ScenarioTimeline, type Scenario } from './scenarios';
import { SportsModel } from './sports-model';
import { COLUMN_BUY, COLUMN_OBJECT, COLUMN_QUOTE, VALUES_PER_TICK } from './tick-columns';

/** Simulated time per step: events of one step share a timestamp. */
export const STEP_MS = 10;
/**
 * Most steps run to catch up after the host stalled (GC, a busy CPU). Past this the simulated
 * clock falls behind the real one instead of flooding clients with a backlog.
 */
const MAX_CATCH_UP_STEPS = 10;
/**
 * An interval stops taking further steps past this many ticks, so at rates beyond what the host
 * can generate each interval's ticks stay a few MB and the event loop keeps serving sockets
 * between intervals; the simulated clock falls behind instead.
 */
const MAX_INTERVAL_TICKS = 20_000;
/** Resume history across all instruments, in ticks, so memory stays bounded at any rate. */
const HISTORY_TICKS_TOTAL = 250_000;
const HISTORY_TICKS_MIN = 256;
const HISTORY_TICKS_MAX = 10_000;

/** What shapes the world. */
export interface SimulationConfig {
  readonly seed: number;
  readonly instruments: number;
  readonly matches: number;
  /** Mean market events per second across all market instruments (before scenario effects). */
  readonly rate: number;
  readonly scenario: Scenario;
  readonly matchDurationMs: number;
  /** L2 book levels a side per market instrument; 0 sends no book. */
  readonly bookLevels: number;
}

/** Salt of the book's random stream, so it is seeded by the seed but apart from the markets'. */
const BOOK_SEED_SALT = 0x5bd1e995;

/** The seeded world and its clock. */
export class Simulation {
  readonly instruments: readonly Instrument[];
  /** `states[i]` belongs to `instruments[i]`. */
  readonly states: readonly InstrumentState[];
  /** Ticks generated since the start. */
  ticksTotal = 0;
  private readonly indexById = new Map<string, number>();
  /** Instrument ids by index, as the interval's columns name them. */
  private readonly ids: readonly string[];
  private readonly market: MarketModel;
  private readonly sports: SportsModel;
  private readonly timeline: ScenarioTimeline;
  private readonly scratch: Tick[] = [];
  private stepsDone = 0;
  /** Real-clock time (monotonic ms) that step 0 corresponds to; moves forward after stalls. */
  private originMs: number;

  constructor(
    private readonly config: SimulationConfig,
    nowMs: number,
    wallNowMs: number,
  ) {
    this.originMs = nowMs;
    const rng = new Rng(config.seed);
    const bookRng = new Rng((config.seed ^ BOOK_SEED_SALT) >>> 0);
    this.market = new MarketModel(config.instruments, rng, config.bookLevels, bookRng);
    this.sports = new SportsModel(
      config.matches,
      config.matchDurationMs,
      wallNowMs,
      rng,
      config.scenario === 'disruption',
    );
    this.timeline = new ScenarioTimeline(config.scenario, config.instruments, STEP_MS);
    this.instruments = [...this.market.instruments, ...this.sports.instruments];
    this.ids = this.instruments.map((inst) => inst.id);
    const total = this.instruments.length;
    const capacity = Math.max(
      HISTORY_TICKS_MIN,
      Math.min(HISTORY_TICKS_MAX, Math.floor(HISTORY_TICKS_TOTAL / Math.max(1, total))),
    );
    this.states = this.instruments.map((inst, i) => {
      this.indexById.set(inst.id, i);
      const initial =
        inst.kind === 'market'
          ? this.market.initialState(i, wallNowMs)
          : this.sports.initialState(i - config.instruments, wallNowMs);
      return new InstrumentState(inst.id, initial, capacity);
    });
  }

  /** Index of the instrument with this id, or undefined. */
  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  /**
   * Runs the steps due by monotonic time `nowMs` (at most MAX_CATCH_UP_STEPS, and no more once
   * the interval holds MAX_INTERVAL_TICKS), folds their events into the instrument states and appends
   * them to `interval`. Steps not run now stay due: the event sequence never skips a step.
   */
  advance(nowMs: number, wallNowMs: number, interval: IntervalTicks): void {
    let due = Math.floor((nowMs - this.originMs) / STEP_MS) - this.stepsDone;
    if (due > MAX_CATCH_UP_STEPS) {
      this.originMs += (due - MAX_CATCH_UP_STEPS) * STEP_MS;
      due = MAX_CATCH_UP_STEPS;
    }
    for (; due > 0 && interval.length < MAX_INTERVAL_TICKS; due--) this.step(wallNowMs, interval);
  }

  /** Runs one simulated step: its events are folded into the states and appended to `interval`. */
  step(wallNowMs: number, interval: IntervalTicks): void {
    const from = interval.length;
    interval.ids = this.ids;
    this.timeline.moveTo(this.stepsDone * STEP_MS);
    const meanEvents = (this.config.rate * this.timeline.rateMultiplier() * STEP_MS) / 1000;
    this.market.step(STEP_MS, meanEvents, this.timeline, wallNowMs, interval);
    const sports = this.scratch;
    sports.length = 0;
    this.sports.step(STEP_MS, wallNowMs, sports);
    for (const tick of sports) interval.push(tick, this.indexById.get(tick.instrument)!);
    this.stepsDone++;
    this.fold(interval, from);
    this.ticksTotal += interval.length - from;
  }

  /** Folds the interval's rows from `from` on into their instruments' states. */
  private fold(interval: IntervalTicks, from: number): void {
    const { kinds, indices, seqs, stamps, values, objects } = interval;
    for (let i = from; i < interval.length; i++) {
      const state = this.states[indices[i]!]!;
      const at = i * VALUES_PER_TICK;
      const kind = kinds[i];
      if (kind === COLUMN_QUOTE) {
        const seq = seqs[i]!;
        const ts = stamps[i]!;
        state.applyQuote(seq, ts, values[at]!, values[at + 1]!, values[at + 2]!, values[at + 3]!);
      } else if (kind === COLUMN_OBJECT) state.apply(objects[values[at]!]!);
      else
        state.applyTrade(seqs[i]!, stamps[i]!, values[at]!, values[at + 1]!, kind === COLUMN_BUY);
    }
  }
}
