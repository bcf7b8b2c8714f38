/**
 * An alert evaluator for the evaluator's own tests, apart from ./alert-rules.ts so that the
 * tests importing only a rule do not load the evaluator.
 */
import type { AlertEvent, AlertRule } from '../protocol/alerts';
import { AlertEvaluator } from '../main/alerts/alert-evaluator';

/** An evaluator of `rules` on a clock the test sets (from 1,000 ms), and the alerts it fires. */
export function evaluatorWith(rules: AlertRule[]) {
  let now = 1_000;
  const evaluator = new AlertEvaluator(() => now);
  evaluator.setRules(rules);
  const events: AlertEvent[] = [];
  evaluator.onAlert((e) => events.push(e));
  return { evaluator, events, setNow: (t: number) => (now = t) };
}
