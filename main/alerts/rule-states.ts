/**
 * Each rule's state as the pages show it (disabled, expired, fired, pending, armed), and which
 * states changed since they were last read. Outside a fire (which the alert itself announces), a
 * state changes only when the rule list changes, an expiry passes, or an instrument becomes
 * known or unknown to the feed (pending ↔ armed; a rule waits until the feed has its target as
 * the kind its condition needs: a market for a price rule, a match for a sports rule); {@link RuleStates.changed} checks those with
 * two comparisons and builds nothing when none happened, so the engine can ask on every batch
 * turn and the host need not poll 10,000 states (docs/PERFORMANCE.md, "Alerts at scale: rule
 * states told when they change").
 */
import { conditionTarget, type AlertRuleState } from '../../protocol/alerts';
import type { RuleSlot } from './rule-slot';

/** The instruments the feed has: a rule on one it lacks waits (pending). */
export interface KnownInstruments {
  /** Rises whenever an instrument becomes known or unknown. */
  readonly instrumentsVersion: number;
  /** Whether the feed has `instrument` as the kind a rule's condition needs. */
  has(instrument: string, kind: 'market' | 'match'): boolean;
}

/** One rule's state at `now`. */
function stateOf(slot: RuleSlot, now: number, known: KnownInstruments): AlertRuleState {
  const rule = slot.rule;
  if (!rule.enabled) return 'disabled';
  if (rule.expiresAt !== null && now >= rule.expiresAt) return 'expired';
  if (slot.fired) return 'fired';
  if (rule.instrument === '*') return 'armed';
  // A goal rule on a market (or a price rule on a match) waits, and the page says why.
  const kind = conditionTarget(rule.condition.type) === 'match' ? 'match' : 'market';
  return known.has(rule.instrument, kind) ? 'armed' : 'pending';
}

export class RuleStates {
  /** Each rule's state as last read. */
  private read = new Map<string, AlertRuleState>();
  private listChanged = true;
  /** The known instruments' version at the last read. */
  private knownVersion = NaN;
  /** The first expiry after the last read (Infinity: none). */
  private nextExpiry = Infinity;

  constructor(private readonly now: () => number) {}

  /** The rule list changed: the next {@link changed} reads every state. */
  rulesChanged(): void {
    this.listChanged = true;
  }

  /** Every rule's state now; later {@link changed} calls report against this read. */
  all(
    slots: ReadonlyMap<string, RuleSlot>,
    known: KnownInstruments,
  ): Record<string, AlertRuleState> {
    const now = this.now();
    const out: Record<string, AlertRuleState> = {};
    const read = new Map<string, AlertRuleState>();
    let nextExpiry = Infinity;
    for (const [id, slot] of slots) {
      const state = stateOf(slot, now, known);
      out[id] = state;
      read.set(id, state);
      const at = slot.rule.expiresAt;
      if (at !== null && at > now && at < nextExpiry) nextExpiry = at;
    }
    this.read = read;
    this.nextExpiry = nextExpiry;
    this.knownVersion = known.instrumentsVersion;
    this.listChanged = false;
    return out;
  }

  /**
   * The states that differ from the last read (null: none). Reads them only when the list
   * changed, an expiry passed or the known instruments changed since; otherwise no work. A
   * `once` rule's fire is not among the triggers (the host tells it from the alert), but its
   * state is read with the others at the next read.
   */
  changed(
    slots: ReadonlyMap<string, RuleSlot>,
    known: KnownInstruments,
  ): Record<string, AlertRuleState> | null {
    if (
      !this.listChanged &&
      known.instrumentsVersion === this.knownVersion &&
      this.now() < this.nextExpiry
    )
      return null;
    const before = this.read;
    const now = this.all(slots, known);
    let out: Record<string, AlertRuleState> | null = null;
    for (const id in now) if (before.get(id) !== now[id]) (out ??= {})[id] = now[id]!;
    return out;
  }
}
