/**
 * The sports model: M football matches on a match clock that runs faster than real time.
 * Goals arrive as Poisson processes whose rates come from the two teams' strengths (a red card
 * weakens the side that got it); cards and substitutions are Poisson too. Live odds come from
 * {@link liveOdds}. A finished match is followed, after a pause, by a rematch of the same teams,
 * so a long-running simulator always has live matches. With disruptions (the `disruption`
 * scenario), matches are also suspended, abandoned and postponed (match-disruptions.ts).
 */
import type {
  Incident,
  IncidentType,
  MatchSnapshotState,
  MatchStatus,
  SportsInstrument,
  Tick,
} from '../protocol/feed';
import { liveOdds, type Odds } from './match-odds';
import {
  disruptionOf,
  POSTPONED_FOR_MS,
  stopsPlayAt,
  SUSPENDED_FOR_MS,
  type Disruption,
} from './match-disruptions';
import { drawStrength, goalRates, type Sides } from './goal-rates';
import { makeSportsInstrument } from './sports-instruments';
import type { Rng } from './rng';

const MINUTE_MS = 60_000;
/** Match time of one half and of the full match, ms. */
const HALF_MS = 45 * MINUTE_MS;
const MATCH_MS = 2 * HALF_MS;
/** Break lengths in match time, scaled like the clock. */
const HALFTIME_MS = 15 * MINUTE_MS;
const BEFORE_REMATCH_MS = 20 * MINUTE_MS;
/** Cards and substitutions per side per 90 minutes. */
const YELLOW_CARDS_PER_MATCH = 1.9;
const RED_CARDS_PER_MATCH = 0.08;
const SUBSTITUTIONS_PER_MATCH = 4;
/** Substitutions only happen after this minute. */
const SUBSTITUTIONS_FROM_MS = 55 * MINUTE_MS;
/** Clock ticks and odds refreshes are sent this often, in real (simulated) ms. */
const CLOCK_TICK_INTERVAL_MS = 1000;

/** A match as it is played; its strengths and red cards set its scoring rates. */
interface Match extends Sides {
  readonly index: number;
  status: MatchStatus;
  /** Real (simulated) ms until the current pause ends (any phase but live). */
  pauseLeftMs: number;
  /** How play goes wrong in this match (the `disruption` scenario); null when it never does. */
  readonly disruption: Disruption | null;
  /** This match's disruption happened (a rematch clears it). */
  disrupted: boolean;
  half: 1 | 2;
  clockMs: number;
  /** Clock at which the current half ends (45 or 90 minutes plus stoppage time). */
  halfEndsAtMs: number;
  home: number;
  away: number;
  redHome: number;
  redAway: number;
  odds: Odds;
  sinceClockTickMs: number;
  seq: number;
}

/** Generates football match events from a seeded random stream. */
export class SportsModel {
  /** The matches, in index order, as announced in `hello`. */
  readonly instruments: readonly SportsInstrument[];
  private readonly matches: Match[] = [];
  /** Match ms per real ms. */
  private readonly speed: number;

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
      const match: Match = {
        index: i,
        strengthHome: drawStrength(rng),
        strengthAway: drawStrength(rng),
        status: 'scheduled',
        pauseLeftMs: kickoffInMs,
        disruption: disruptions ? disruptionOf(i) : null,
        disrupted: false,
        half: 1,
        clockMs: 0,
        halfEndsAtMs: HALF_MS,
        home: 0,
        away: 0,
        redHome: 0,
        redAway: 0,
        odds: { home: 0, draw: 0, away: 0 },
        sinceClockTickMs: 0,
        seq: 0,
      };
      match.odds = this.oddsOf(match);
      this.matches.push(match);
    }
    this.instruments = instruments;
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

  private oddsOf(m: Match): Odds {
    const played = m.half === 1 ? Math.min(m.clockMs, HALF_MS) : Math.min(m.clockMs, MATCH_MS);
    const left = m.status === 'finished' ? 0 : (MATCH_MS - played) / MATCH_MS;
    const rates = goalRates(m);
    return liveOdds(m.home, m.away, rates.home * left, rates.away * left);
  }

  private wait(m: Match, stepMs: number, ts: number, out: Tick[]): void {
    m.pauseLeftMs -= stepMs;
    if (m.pauseLeftMs > 0) return;
    if (m.status === 'finished' || m.status === 'abandoned') {
      // Rematch: same teams, fresh score, kick-off after a pre-match pause.
      Object.assign(m, { status: 'scheduled', half: 1, clockMs: 0, home: 0, away: 0 });
      Object.assign(m, { redHome: 0, redAway: 0, halfEndsAtMs: HALF_MS, disrupted: false });
      m.pauseLeftMs = BEFORE_REMATCH_MS / this.speed;
      this.emit(m, ts, out, { kind: 'status', status: 'scheduled' });
      this.emit(m, ts, out, { kind: 'score', home: 0, away: 0 });
      this.emitClock(m, ts, out, false);
      this.refreshOdds(m, ts, out);
      return;
    }
    if (m.status === 'scheduled' && m.disruption === 'postpone' && !m.disrupted) {
      m.disrupted = true;
      m.status = 'postponed';
      m.pauseLeftMs = POSTPONED_FOR_MS / this.speed;
      this.emit(m, ts, out, { kind: 'status', status: 'postponed' });
      return;
    }
    if (m.status === 'suspended') {
      // Play resumes where it stopped, in the same half.
      m.status = 'live';
      this.emit(m, ts, out, { kind: 'status', status: 'live' });
      this.emitClock(m, ts, out, true);
      return;
    }
    // Kick-off (scheduled, postponed) or second half (halftime).
    if (m.status === 'halftime') {
      m.half = 2;
      m.clockMs = HALF_MS;
    }
    m.halfEndsAtMs = m.half * HALF_MS + this.stoppageMs(m.half);
    m.status = 'live';
    this.emit(m, ts, out, { kind: 'status', status: 'live' });
    this.emitClock(m, ts, out, true);
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
      this.emitClock(m, ts, out, false);
      this.emit(m, ts, out, { kind: 'status', status: m.status });
      return;
    }
    const share = matchStepMs / MATCH_MS;
    const rates = goalRates(m);
    if (rng.next() < rates.home * share) this.goal(m, 'home', ts, out);
    if (rng.next() < rates.away * share) this.goal(m, 'away', ts, out);
    for (const team of ['home', 'away'] as const) {
      if (rng.next() < YELLOW_CARDS_PER_MATCH * share)
        this.incident(m, 'yellow-card', team, ts, out);
      if (rng.next() < RED_CARDS_PER_MATCH * share) {
        if (team === 'home') m.redHome++;
        else m.redAway++;
        this.incident(m, 'red-card', team, ts, out);
        this.refreshOdds(m, ts, out);
      }
      const subsOpen = m.clockMs >= SUBSTITUTIONS_FROM_MS;
      const subShare = matchStepMs / (MATCH_MS - SUBSTITUTIONS_FROM_MS);
      if (subsOpen && rng.next() < SUBSTITUTIONS_PER_MATCH * subShare)
        this.incident(m, 'substitution', team, ts, out);
    }
    m.sinceClockTickMs += stepMs;
    if (m.clockMs >= m.halfEndsAtMs) {
      m.status = m.half === 1 ? 'halftime' : 'finished';
      m.pauseLeftMs = (m.half === 1 ? HALFTIME_MS : BEFORE_REMATCH_MS) / this.speed;
      this.emitClock(m, ts, out, false);
      this.emit(m, ts, out, { kind: 'status', status: m.status });
      this.refreshOdds(m, ts, out);
    } else if (m.sinceClockTickMs >= CLOCK_TICK_INTERVAL_MS) {
      this.emitClock(m, ts, out, true);
      this.refreshOdds(m, ts, out);
    }
  }

  private goal(m: Match, team: 'home' | 'away', ts: number, out: Tick[]): void {
    if (team === 'home') m.home++;
    else m.away++;
    this.incident(m, 'goal', team, ts, out);
    this.emit(m, ts, out, { kind: 'score', home: m.home, away: m.away });
    this.refreshOdds(m, ts, out);
  }

  private incident(m: Match, type: IncidentType, team: 'home' | 'away', ts: number, out: Tick[]) {
    const squad = this.instruments[m.index]![team];
    const incident: Incident = {
      type,
      team,
      clockMs: Math.round(m.clockMs),
      player: `${squad} #${2 + this.rng.int(22)}`,
    };
    this.emit(m, ts, out, { kind: 'incident', ...incident });
  }

  private emitClock(m: Match, ts: number, out: Tick[], running: boolean): void {
    m.sinceClockTickMs = 0;
    this.emit(m, ts, out, { kind: 'clock', clockMs: Math.round(m.clockMs), running });
  }

  private refreshOdds(m: Match, ts: number, out: Tick[]): void {
    const odds = this.oddsOf(m);
    const was = m.odds;
    if (odds.home === was.home && odds.draw === was.draw && odds.away === was.away) return;
    m.odds = odds;
    this.emit(m, ts, out, { kind: 'odds', ...odds });
  }

  private emit(m: Match, ts: number, out: Tick[], fields: DistributiveOmit<Tick, TickHead>): void {
    out.push({ instrument: this.instruments[m.index]!.id, seq: ++m.seq, ts, ...fields } as Tick);
  }
}

type TickHead = 'instrument' | 'seq' | 'ts';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
