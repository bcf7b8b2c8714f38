/**
 * A match's event rules (`goal`, `red-card`, `status`): few per match, so scanned on each
 * score, status or incident tick against the score and status before it.
 */
import type { MatchPhase } from '../../protocol/alerts';
import type { MatchStatus, Tick } from '../../protocol/feed';
import { CALLED_OFF_STATUSES } from '../../protocol/feed-ticks';
import type { RuleFirer } from './rule-firer';
import type { RuleSlot } from './rule-slot';

export class MatchRules {
  private readonly slots: RuleSlot[] = [];
  private score: { home: number; away: number } | null = null;
  private status: MatchStatus | null = null;

  add(slot: RuleSlot): void {
    this.slots.push(slot);
  }

  /** The score and phase before the next tick, as a snapshot gives them. */
  seed(home: number, away: number, status: MatchStatus): void {
    this.score = { home, away };
    this.status = status;
  }

  /** A new series: no score or status seen yet. */
  resetSeries(): void {
    this.score = null;
    this.status = null;
  }

  onTick(firer: RuleFirer, tick: Tick, at: number): void {
    const prevScore = this.score;
    const prevStatus = this.status;
    if (tick.kind === 'score') this.score = { home: tick.home, away: tick.away };
    else if (tick.kind === 'status') this.status = tick.status;
    else if (tick.kind !== 'incident') return;
    for (const slot of this.slots) {
      const c = slot.rule.condition;
      let value: number | null = null;
      if (c.type === 'goal' && tick.kind === 'score' && prevScore !== null) {
        const home = tick.home > prevScore.home;
        const away = tick.away > prevScore.away;
        if (!(c.side === 'home' ? home : c.side === 'away' ? away : home || away)) continue;
        value =
          c.side === 'away' ? tick.away : c.side === 'home' ? tick.home : tick.home + tick.away;
      } else if (c.type === 'red-card' && tick.kind === 'incident' && tick.type === 'red-card') {
        if (c.side !== null && c.side !== tick.team) continue;
        value = tick.clockMs;
      } else if (c.type === 'status' && tick.kind === 'status' && tick.status !== prevStatus) {
        if (!enters(c.phase, tick.status, prevStatus)) continue;
      } else continue;
      firer.fireUnindexed(slot, tick, value, at);
    }
  }
}

/** Whether a match going from `prev` to `status` enters `phase`. */
function enters(phase: MatchPhase, status: MatchStatus, prev: MatchStatus | null): boolean {
  switch (phase) {
    case 'half-time':
      return status === 'halftime';
    case 'full-time':
      return status === 'finished';
    case 'suspended':
      return status === 'suspended';
    case 'called-off':
      return CALLED_OFF_STATUSES.has(status);
    case 'kickoff':
      // Play resuming after half-time or a suspension is not a kick-off.
      return status === 'live' && prev !== 'halftime' && prev !== 'suspended';
  }
}
