/**
 * A match's changes as the ticks a client receives: each numbered in its match's sequence, a
 * clock tick restarting the clock's interval, odds sent only when they moved, an incident
 * naming a player. Apart from the model (./sports-model.ts), which decides what happens; this
 * only says it.
 */
import type { IncidentType, SportsInstrument, Tick } from '../protocol/feed';
import { matchOdds, type Match } from './football-match';
import type { Rng } from './rng';

type TickHead = 'instrument' | 'seq' | 'ts';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Writes matches' ticks; `rng` draws an incident's player (the model's stream, in its order). */
export class MatchTicks {
  constructor(
    private readonly instruments: readonly SportsInstrument[],
    private readonly rng: Rng,
  ) {}

  /** Appends `m`'s next tick, with `fields`, to `out`. */
  emit(m: Match, ts: number, out: Tick[], fields: DistributiveOmit<Tick, TickHead>): void {
    out.push({ instrument: this.instruments[m.index]!.id, seq: ++m.seq, ts, ...fields } as Tick);
  }

  clock(m: Match, ts: number, out: Tick[], running: boolean): void {
    m.sinceClockTickMs = 0;
    this.emit(m, ts, out, { kind: 'clock', clockMs: Math.round(m.clockMs), running });
  }

  /** Odds for the match as it now stands, sent when they moved. */
  odds(m: Match, ts: number, out: Tick[]): void {
    const odds = matchOdds(m);
    const was = m.odds;
    if (odds.home === was.home && odds.draw === was.draw && odds.away === was.away) return;
    m.odds = odds;
    this.emit(m, ts, out, { kind: 'odds', ...odds });
  }

  incident(m: Match, type: IncidentType, team: 'home' | 'away', ts: number, out: Tick[]): void {
    const squad = this.instruments[m.index]![team];
    const player = `${squad} #${2 + this.rng.int(22)}`;
    this.emit(m, ts, out, { kind: 'incident', type, team, clockMs: Math.round(m.clockMs), player });
  }
}
