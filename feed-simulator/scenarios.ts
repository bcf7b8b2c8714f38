/**
 * Scenarios: what the simulated market does over time (on the simulated clock, so a seed
 * reproduces it) and, for `chaos`, what the server does to each connection (on the real clock,
 * per client, so the event stream itself stays deterministic). `disruption` is the matches'
 * (match-disruptions.ts): its market is steady.
 */
import type { MarketConditions } from './market-model';
import {
  ABANDON_AT_MS,
  POSTPONED_FOR_MS,
  SUSPENDED_FOR_MS,
  SUSPEND_AT_MS,
} from './match-disruptions';
import type { Rng } from './rng';

/** Names accepted by `--scenario` and `SimulatorOptions.scenario`. */
export const SCENARIOS = ['steady', 'burst', 'flash-crash', 'halt', 'chaos', 'disruption'] as const;
/** One of {@link SCENARIOS}. */
export type Scenario = (typeof SCENARIOS)[number];

/** burst: the event rate jumps this many times for BURST_DURATION_MS every BURST_PERIOD_MS. */
const BURST_MULTIPLIER = 10;
const BURST_PERIOD_MS = 10_000;
const BURST_DURATION_MS = 1_000;
/** flash-crash: every CRASH_PERIOD_MS, prices fall CRASH_DROP over CRASH_DURATION_MS, then win
 * back RECOVERY_SHARE of the fall over RECOVERY_DURATION_MS, with wide spreads and heavy trading. */
const CRASH_PERIOD_MS = 60_000;
const CRASH_START_MS = 10_000;
const CRASH_DURATION_MS = 2_000;
const CRASH_DROP = 0.25;
const RECOVERY_DURATION_MS = 10_000;
const RECOVERY_SHARE = 0.6;
const CRASH_SPREAD_MULTIPLIER = 8;
const CRASH_RATE_MULTIPLIER = 5;
/** halt: one instrument at a time (in turn) is silent for HALT_DURATION_MS every HALT_PERIOD_MS. */
const HALT_PERIOD_MS = 30_000;
const HALT_START_MS = 5_000;
const HALT_DURATION_MS = 10_000;
/** A match minute, as the disruption figures are given. */
const MINUTE_MS = 60_000;

/** The market conditions of a scenario at a point on the simulated clock. */
export class ScenarioTimeline implements MarketConditions {
  private nowMs = 0;
  private readonly crashLogReturnPerMs = Math.log(1 - CRASH_DROP) / CRASH_DURATION_MS;
  private readonly recoveryLogReturnPerMs =
    -Math.log(1 - CRASH_DROP) * RECOVERY_SHARE * (1 / RECOVERY_DURATION_MS);

  constructor(
    private readonly scenario: Scenario,
    private readonly instrumentCount: number,
    private readonly stepMs: number,
  ) {}

  /** Moves the timeline to `simMs` on the simulated clock. */
  moveTo(simMs: number): void {
    this.nowMs = simMs;
  }

  /** Multiplier on the configured event rate. */
  rateMultiplier(): number {
    if (this.scenario === 'burst') {
      return this.nowMs % BURST_PERIOD_MS < BURST_DURATION_MS ? BURST_MULTIPLIER : 1;
    }
    if (this.scenario === 'flash-crash' && this.crashPhase() !== null) return CRASH_RATE_MULTIPLIER;
    return 1;
  }

  halted(index: number): boolean {
    if (this.scenario !== 'halt' || this.instrumentCount === 0) return false;
    const inPeriod = this.nowMs % HALT_PERIOD_MS;
    const turn = Math.floor(this.nowMs / HALT_PERIOD_MS) % this.instrumentCount;
    return (
      turn === index && inPeriod >= HALT_START_MS && inPeriod < HALT_START_MS + HALT_DURATION_MS
    );
  }

  shockLogReturn(): number {
    const phase = this.crashPhase();
    if (phase === 'crash') return this.crashLogReturnPerMs * this.stepMs;
    if (phase === 'recovery') return this.recoveryLogReturnPerMs * this.stepMs;
    return 0;
  }

  spreadMultiplier(): number {
    return this.crashPhase() === null ? 1 : CRASH_SPREAD_MULTIPLIER;
  }

  private crashPhase(): 'crash' | 'recovery' | null {
    if (this.scenario !== 'flash-crash') return null;
    const t = (this.nowMs % CRASH_PERIOD_MS) - CRASH_START_MS;
    if (t < 0) return null;
    if (t < CRASH_DURATION_MS) return 'crash';
    if (t < CRASH_DURATION_MS + RECOVERY_DURATION_MS) return 'recovery';
    return null;
  }
}

/** What chaos does to a connection. */
export type ChaosAction =
  | { readonly kind: 'drop' }
  | { readonly kind: 'stall'; readonly durationMs: number }
  | { readonly kind: 'disconnect' };

/** No chaos in a connection's first moments, so a client can always subscribe. */
const CHAOS_GRACE_MS = 2_000;
/** Mean real time between chaos actions on one connection. */
const CHAOS_MEAN_INTERVAL_MS = 4_000;
const STALL_MIN_MS = 1_500;
const STALL_MAX_MS = 6_000;
/** Chance of each action when one is due; the rest of the time frames are dropped. */
const STALL_PROBABILITY = 0.3;
const DISCONNECT_PROBABILITY = 0.15;

/** Decides, on the real clock, when chaos strikes one connection and how. */
export class ChaosSchedule {
  private nextAtMs: number;

  constructor(
    private readonly rng: Rng,
    connectedAtMs: number,
  ) {
    this.nextAtMs = connectedAtMs + CHAOS_GRACE_MS + rng.exponential(CHAOS_MEAN_INTERVAL_MS);
  }

  /** The action due at `nowMs`, if any. */
  due(nowMs: number): ChaosAction | null {
    if (nowMs < this.nextAtMs) return null;
    this.nextAtMs = nowMs + this.rng.exponential(CHAOS_MEAN_INTERVAL_MS);
    const roll = this.rng.next();
    if (roll < DISCONNECT_PROBABILITY) return { kind: 'disconnect' };
    if (roll < DISCONNECT_PROBABILITY + STALL_PROBABILITY) {
      const durationMs = this.rng.range(STALL_MIN_MS, STALL_MAX_MS);
      this.nextAtMs += durationMs;
      return { kind: 'stall', durationMs };
    }
    return { kind: 'drop' };
  }
}

/** What each scenario does, in a line or two, for `--help`, from the figures it runs on. */
export const SCENARIO_NOTES: Readonly<Record<Scenario, string>> = {
  steady: 'a calm market: prices wander, quoted and traded at --rate',
  burst: `the tick rate ${BURST_MULTIPLIER}x for ${BURST_DURATION_MS / 1_000} s every ${BURST_PERIOD_MS / 1_000} s`,
  'flash-crash':
    `every ${CRASH_PERIOD_MS / 1_000} s prices fall ${CRASH_DROP * 100} % in ${CRASH_DURATION_MS / 1_000} s, ` +
    `then win back ${RECOVERY_SHARE * 100} % of the fall in ${RECOVERY_DURATION_MS / 1_000} s`,
  halt: `one instrument at a time falls silent for ${HALT_DURATION_MS / 1_000} s, every ${HALT_PERIOD_MS / 1_000} s`,
  chaos:
    `a steady market; each connection, about every ${CHAOS_MEAN_INTERVAL_MS / 1_000} s, loses frames ` +
    `(a seq gap), goes silent ${STALL_MIN_MS / 1_000} to ${STALL_MAX_MS / 1_000} s, or is cut`,
  disruption:
    `a steady market; of every three matches one suspended at ${SUSPEND_AT_MS / MINUTE_MS}' for ` +
    `${SUSPENDED_FOR_MS / MINUTE_MS} minutes, one abandoned at ${ABANDON_AT_MS / MINUTE_MS}', ` +
    `one postponed ${POSTPONED_FOR_MS / MINUTE_MS} minutes at kick-off (match time)`,
};
