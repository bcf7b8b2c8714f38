/**
 * The alerts view's pure steps: what a change (`alert:states`) does to the rules and their states, and
 * what the page's log becomes when the host's whole view arrives.
 */
import type {
  AlertEvent,
  AlertRule,
  AlertRuleState,
  AlertStatesChange,
} from '../../../protocol/alerts';
import { applyAlertListChange } from '../../../protocol/alert-list-change';
import { withinAlertShares } from '../../../protocol/alert-log-shares';
import { alertKey } from './alert-words';

type States = Readonly<Record<string, AlertRuleState>>;

/** The rules after `change`; null when it does not fit them (the view is fetched again). */
export function rulesAfter(
  rules: readonly AlertRule[],
  change: AlertStatesChange,
): readonly AlertRule[] | null {
  if (change.put.length === 0 && change.removed.length === 0) return rules;
  return applyAlertListChange(rules, change);
}

/** The states after `change`; the same object when it changes none. */
export function statesAfter(states: States, change: AlertStatesChange): States {
  if (Object.keys(change.states).length === 0 && change.removed.length === 0) return states;
  const next = { ...states, ...change.states };
  // A moved rule is removed and put again: its state stays.
  const putAgain: Record<string, true> = {};
  for (const { rule } of change.put) putAgain[rule.id] = true;
  for (const id of change.removed) if (!putAgain[id]) delete next[id];
  return next;
}

/**
 * The log once the host's view arrives: the alerts the page heard since it asked (the newest
 * `heardSince` of `log`) that the view lacks, then the view's log, at most `max` as the log
 * shares its room between rules.
 */
export function logWithHeard(
  viewLog: readonly AlertEvent[],
  log: readonly AlertEvent[],
  heardSince: number,
  max: number,
): readonly AlertEvent[] {
  const known: Record<string, true> = {};
  for (const e of viewLog) known[alertKey(e)] = true;
  const heard = log.slice(0, Math.min(heardSince, log.length)).filter((e) => !known[alertKey(e)]);
  return withinAlertShares([...heard, ...viewLog], max);
}
