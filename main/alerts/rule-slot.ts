/**
 * A rule as the evaluator holds it: the rule and its trigger state. One slot per rule, shared
 * by the index that finds it and the evaluator that reports its state.
 */
import type { AlertRule } from '../../protocol/alerts';

export interface RuleSlot {
  /** Replaced in place when an edit keeps the slot (see {@link keepsTriggerState}). */
  rule: AlertRule;
  /** A `once` rule that fired; it is out of the index and stays out. */
  fired: boolean;
  /**
   * When it last fired, in the clock its condition runs on: the tick's event time for
   * instrument rules (so a replay keeps its cooldowns at any speed), local time for feed rules.
   */
  lastFiredAt: number | null;
}

/**
 * Whether an edit from `before` to `after` keeps the rule's trigger state (a fired `once` rule
 * stays fired, an `every` rule keeps its cooldown). An edit of what the rule watches or how it
 * fires (instrument, condition, trigger) asks a new question, so it re-arms; so does enabling a
 * disabled rule, the way to restart a fired one. An edit of the note or the expiry, or
 * disabling, keeps it: a trader tidying a note must not hear the same alert again.
 */
export function keepsTriggerState(before: AlertRule, after: AlertRule): boolean {
  if (after.enabled && !before.enabled) return false;
  return (
    before.instrument === after.instrument &&
    JSON.stringify(before.condition) === JSON.stringify(after.condition) &&
    JSON.stringify(before.trigger) === JSON.stringify(after.trigger)
  );
}

/**
 * True when the slot may fire at `at`: armed, and for an `every` rule past its cooldown.
 * Firing is then recorded on the slot.
 */
export function admitFire(slot: RuleSlot, at: number): boolean {
  if (slot.fired) return false;
  const trigger = slot.rule.trigger;
  if (trigger.mode === 'every') {
    if (slot.lastFiredAt !== null && at - slot.lastFiredAt < trigger.cooldownMs) return false;
  } else slot.fired = true;
  slot.lastFiredAt = at;
  return true;
}
