/**
 * A rule as the evaluator holds it: the rule and its trigger state. One slot per rule, shared
 * by the index that finds it and the evaluator that reports its state.
 */
import type { AlertRule } from '../../protocol/alerts';

export interface RuleSlot {
  readonly rule: AlertRule;
  /** A `once` rule that fired; it is out of the index and stays out. */
  fired: boolean;
  /**
   * When it last fired, in the clock its condition runs on: the tick's event time for
   * instrument rules (so a replay keeps its cooldowns at any speed), local time for feed rules.
   */
  lastFiredAt: number | null;
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
