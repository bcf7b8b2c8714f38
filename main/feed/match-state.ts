/**
 * The folded state of one football match: score, clock, status, the latest odds with a
 * bounded odds history, and the most recent incidents.
 */
import type { MatchRow } from '../../protocol/batch';
import type { Incident, MatchSnapshotState, MatchStatus, SportsTick } from '../../protocol/feed';
import { ColumnarRing } from '../../shared/columnar-ring';
import type { AlertIndexSlot } from '../alerts/alert-index-slot';

/**
 * Most odds points a match holds (match clock, home, draw, away). A long instrument list
 * lowers it (see history-budget.ts); the ring allocates as points arrive.
 */
export const ODDS_HISTORY = 1_024;
/** Incidents held per match; older ones are dropped. */
export const MAX_INCIDENTS = 64;
/** Incidents a snapshot carries: the protocol bounds them to the 50 most recent (docs/PROTOCOL.md). */
export const SNAPSHOT_INCIDENTS = 50;

/** Columns of {@link MatchState.odds}. */
export const ODDS_CLOCK = 0;
export const ODDS_HOME = 1;
export const ODDS_DRAW = 2;
export const ODDS_AWAY = 3;

function sameIncident(a: Incident, b: Incident): boolean {
  return a.type === b.type && a.team === b.team && a.clockMs === b.clockMs && a.player === b.player;
}

export class MatchState implements AlertIndexSlot {
  status: MatchStatus = 'scheduled';
  home = 0;
  away = 0;
  clockMs = 0;
  running = false;
  ts = 0;
  version = 0;
  /** The version its last snapshot left (see `MarketState.snapshotVersion`, bug 236). */
  snapshotVersion = -1;
  /** Kept for the alert evaluator (see AlertIndexSlot); the fold never reads them. */
  alertIndex: unknown = undefined;
  alertIndexId: string | null = null;
  alertIndexVersion = 0;
  /** Rises when history was dropped (a replay seek): a consumer's copy must start over. */
  historyEpoch = 0;
  /** True once a snapshot set every value; before that the state holds only what ticks told. */
  complete = false;
  readonly odds = new ColumnarRing(ODDS_HISTORY, 4);
  /** The newest incidents, oldest first; `incidentsEnd` counts every incident ever added. */
  readonly incidents: Incident[] = [];
  incidentsEnd = 0;

  /** Changes how many points the odds history holds; lowering it keeps the newest. */
  setOddsCapacity(points: number): void {
    this.odds.setCapacity(points);
  }

  applyTick(tick: SportsTick): void {
    switch (tick.kind) {
      case 'score':
        this.home = tick.home;
        this.away = tick.away;
        break;
      case 'clock':
        this.clockMs = tick.clockMs;
        this.running = tick.running;
        break;
      case 'status':
        // A match going back to `scheduled` is a new match (docs/PROTOCOL.md): its incidents start
        // afresh. `incidentsEnd` keeps counting, so consumers' cursors stay valid.
        if (tick.status === 'scheduled' && this.status !== 'scheduled') this.incidents.length = 0;
        this.status = tick.status;
        break;
      case 'odds':
        this.odds.push(this.clockMs, tick.home, tick.draw, tick.away);
        break;
      case 'incident': {
        const { type, team, clockMs, player } = tick;
        this.addIncident(
          player === undefined ? { type, team, clockMs } : { type, team, clockMs, player },
        );
        break;
      }
    }
    if (tick.ts > this.ts) this.ts = tick.ts;
    this.version++;
  }

  /**
   * Replaces the current values. Incidents are facts that never change, so the snapshot's
   * list adds the ones this state missed (a gap) rather than re-sending known ones.
   */
  applySnapshot(state: MatchSnapshotState): void {
    this.status = state.status;
    this.home = state.home;
    this.away = state.away;
    this.clockMs = state.clockMs;
    this.running = state.running;
    this.ts = state.ts;
    this.odds.push(state.clockMs, state.odds.home, state.odds.draw, state.odds.away);
    for (const incident of state.incidents)
      if (!this.incidents.some((known) => sameIncident(known, incident)))
        this.addIncident(incident);
    this.complete = true;
    this.version++;
    this.snapshotVersion = this.version;
  }

  /**
   * The current values as a protocol snapshot state, with the newest incidents this state
   * holds, so a client that applies it shows what this state shows.
   */
  toSnapshot(): MatchSnapshotState {
    return {
      kind: 'sports',
      status: this.status,
      home: this.home,
      away: this.away,
      clockMs: this.clockMs,
      running: this.running,
      odds: this.latestOdds(),
      incidents: this.incidents.slice(-SNAPSHOT_INCIDENTS),
      ts: this.ts,
    };
  }

  /** Drops the odds history and incidents (a replay seek). */
  clearHistory(): void {
    this.odds.clear();
    this.incidents.length = 0;
    this.incidentsEnd = 0;
    this.version++;
    this.historyEpoch++;
  }

  /** Latest odds; zeros before the first quote. */
  latestOdds(): MatchRow['odds'] {
    const odds = this.odds;
    return odds.length === 0
      ? { home: 0, draw: 0, away: 0 }
      : { home: odds.last(ODDS_HOME), draw: odds.last(ODDS_DRAW), away: odds.last(ODDS_AWAY) };
  }

  /** Incidents added at absolute index `from` or later, oldest first (bounded by what is held). */
  incidentsSince(from: number): Incident[] {
    const held = this.incidentsEnd - this.incidents.length;
    return this.incidents.slice(Math.max(0, from - held));
  }

  private addIncident(incident: Incident): void {
    this.incidents.push(incident);
    if (this.incidents.length > MAX_INCIDENTS) this.incidents.shift();
    this.incidentsEnd++;
  }
}
