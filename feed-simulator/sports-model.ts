/**
 * The sports model: M football matches on a match clock that runs faster than real time.
 * Goals arrive as Poisson processes whose rates come from the two teams' strengths (a red card
 * weakens the side that got it); cards and substitutions are Poisson too. Live odds come from
 * {@link liveOdds}. A finished match is followed, after a pause, by a rematch of the same teams,
 * so a long-running simulator always has live matches. With disruptions (the `disruption`
 * scenario), matches are also suspended, abandoned and postponed (match-disruptions.ts).
 * This module decides what happens and when; what a match is (its phase, clock, score, odds)
 * is ./football-match.ts's, and how its changes go out as ticks ./match-ticks.ts's.
 */
import type { MatchSnapshotState, SportsInstrument, Tick } from '../protocol/feed';
import {
  BEFORE_REMATCH_MS,
  HALF_MS,
  HALFTIME_MS,
  MATCH_MS,
  MINUTE_MS,
  scheduledMatch,
  type Match,
} from './football-match';
import { disruptionOf, POSTPONED_FOR_MS, stopsPlayAt, SUSPENDED_FOR_MS } from './match-disruptions';
import { MatchTicks } from './match-ticks';
import { goalRates } from './goal-rates';
import { makeSportsInstrument } from './sports-instruments';
import type { Rng } from './rng';

/** Cards and substitutions per side per 90 minutes. */
const YELLOW_CARDS_PER_MATCH = 1.9;
const RED_CARDS_PER_MATCH = 0.08;
const SUBSTITUTIONS_PER_MATCH = 4;
/** Substitutions only happen after this minute. */
const SUBSTITUTIONS_FROM_MS = 55 * MINUTE_MS;
/** Clock ticks and odds refreshes are sent this often, in real (simulated) ms. */
const CLOCK_TICK_INTERVAL_MS = 1000;

/** Generates football match events from a seeded random stream. */
export class SportsModel {
  /** The matches, in index order, as announced in `hello`. */
  readonly instruments: readonly SportsInstrument[];
  private readonly matches: Match[] = [];
  /** Match ms per real ms. */
  private readonly speed: number;
  private readonly ticks: MatchTicks;

  constructor(
    count: number,
    matchDurationMs: number,
    startTime: number,
    private readonly rng: Rng,
    disruptions = false,
  ) {
    this.speed = MATCH_MS / matchDurationMs;
    const instruments: SportsInstrument[] = [];
    for (let i = 0; i < count; i++) {
      const { instrument, kickoffInMs } = makeSportsInstrument(
        i,
        count,
        matchDurationMs,
        startTime,
      );
      instruments.push(instrument);
      const disruption = disruptions ? disruptionOf(i) : null;
      this.matches.push(scheduledMatch(i, kickoffInMs, disruption, rng));
    }
    this.instruments = instruments;
    this.ticks = new MatchTicks(instruments, rng);
  }

  /** The state a match starts in (seq 0): scheduled, pre-match odds. */
  initialState(index: number, ts: number): MatchSnapshotState {
    const m = this.matches[index]!;
    return {
      kind: 'sports',
      status: m.status,
      home: 0,
      away: 0,
      clockMs: 0,
      running: false,
      odds: m.odds,
      incidents: [],
      ts,
    };
  }

  /** Advances every match by `stepMs` real (simulated) ms and appends its events to `out`. */
  step(stepMs: number, ts: number, out: Tick[]): void {
    for (const m of this.matches) {
      if (m.status === 'live') this.play(m, stepMs, ts, out);
      else this.wait(m, stepMs, ts, out);
    }
  }

  private wait(m: Match, stepMs: number, ts: number, out: Tick[]): void {
    m.pauseLeftMs -= stepMs;
    if (m.pauseLeftMs > 0) return;
    if (m.status === 'finished' || m.status === 'abandoned') {
      // Rematch: same teams, fresh score, kick-off after a pre-match pause.
      Object.assign(m, { status: 'scheduled', half: 1, clockMs: 0, home: 0, away: 0 });
      Object.assign(m, { redHome: 0, redAway: 0, halfEndsAtMs: HALF_MS, disrupted: false });
      m.pauseLeftMs = BEFORE_REMATCH_MS / this.speed;
      this.ticks.emit(m, ts, out, { kind: 'status', status: 'scheduled' });
      this.ticks.emit(m, ts, out, { kind: 'score', home: 0, away: 0 });
      this.ticks.clock(m, ts, out, false);
      this.ticks.odds(m, ts, out);
      return;
    }
    if (m.status === 'scheduled' && m.disruption === 'postpone' && !m.disrupted) {
      m.disrupted = true;
      m.status = 'postponed';
      m.pauseLeftMs = POSTPONED_FOR_MS / this.speed;
      this.ticks.emit(m, ts, out, { kind: 'status', status: 'postponed' });
      return;
    }
    if (m.status === 'suspended') {
      // Play resumes where it stopped, in the same half.
      m.status = 'live';
      this.ticks.emit(m, ts, out, { kind: 'status', status: 'live' });
      this.ticks.clock(m, ts, out, true);
      return;
    }
    // Kick-off (scheduled, postponed) or second half (halftime).
    if (m.status === 'halftime') {
      m.half = 2;
      m.clockMs = HALF_MS;
    }
    m.halfEndsAtMs = m.half * HALF_MS + this.stoppageMs(m.half);
    m.status = 'live';
    this.ticks.emit(m, ts, out, { kind: 'status', status: 'live' });
    this.ticks.clock(m, ts, out, true);
  }

  private stoppageMs(half: 1 | 2): number {
    return Math.round(this.rng.range(half === 1 ? 0 : 1, half === 1 ? 3 : 6)) * MINUTE_MS;
  }

  private play(m: Match, stepMs: number, ts: number, out: Tick[]): void {
    const rng = this.rng;
    const matchStepMs = stepMs * this.speed;
    m.clockMs = Math.min(m.halfEndsAtMs, m.clockMs + matchStepMs);
    const stopAt = m.disruption === null || m.disrupted ? null : stopsPlayAt(m.disruption);
    if (stopAt !== null && m.clockMs >= stopAt) {
      m.disrupted = true;
      m.status = m.disruption === 'suspend' ? 'suspended' : 'abandoned';
      m.pauseLeftMs =
        (m.status === 'suspended' ? SUSPENDED_FOR_MS : BEFORE_REMATCH_MS) / this.speed;
      this.ticks.clock(m, ts, out, false);
      this.ticks.emit(m, ts, out, { kind: 'status', status: m.status });
      return;
    }
    const share = matchStepMs / MATCH_MS;
    const rates = goalRates(m);
    if (rng.next() < rates.home * share) this.goal(m, 'home', ts, out);
    if (rng.next() < rates.away * share) this.goal(m, 'away', ts, out);
    for (const team of ['home', 'away'] as const) {
      if (rng.next() < YELLOW_CARDS_PER_MATCH * share)
        this.ticks.incident(m, 'yellow-card', team, ts, out);
      if (rng.next() < RED_CARDS_PER_MATCH * share) {
        if (team === 'home') m.redHome++;
        else m.redAway++;
        this.ticks.incident(m, 'red-card', team, ts, out);
        this.ticks.odds(m, ts, out);
      }
      const subsOpen = m.clockMs >= SUBSTITUTIONS_FROM_MS;
      const subShare = matchStepMs / (MATCH_MS - SUBSTITUTIONS_FROM_MS);
      if (subsOpen && rng.next() < SUBSTITUTIONS_PER_MATCH * subShare)
        this.ticks.incident(m, 'substitution', team, ts, out);
    }
    m.sinceClockTickMs += stepMs;
    if (m.clockMs >= m.halfEndsAtMs) {
      m.status = m.half === 1 ? 'halftime' : 'finished';
      m.pauseLeftMs = (m.half === 1 ? HALFTIME_MS : BEFORE_REMATCH_MS) / this.speed;
      this.ticks.clock(m, ts, out, false);
      this.ticks.emit(m, ts, out, { kind: 'status', status: m.status });
      this.ticks.odds(m, ts, out);
    } else if (m.sinceClockTickMs >= CLOCK_TICK_INTERVAL_MS) {
      this.ticks.clock(m, ts, out, true);
      this.ticks.odds(m, ts, out);
    }
  }

  private goal(m: Match, team: 'home' | 'away', ts: number, out: Tick[]): void {
    if (team === 'home') m.home++;
    else m.away++;
    this.ticks.incident(m, 'goal', team, ts, out);
    this.ticks.emit(m, ts, out, { kind: 'score', home: m.home, away: m.away });
    this.ticks.odds(m, ts, out);
  }
}
