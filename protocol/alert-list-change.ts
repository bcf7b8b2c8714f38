/**
 * The rule part of an `alert:states` change (see `AlertStatesChange` in ./alerts): what the host
 * tells the pages after an edit instead of the whole list, and how a page applies it. One
 * module for both ends, so what is sent and what is understood cannot drift.
 */
import type { AlertRule, AlertStatesChange } from './alerts';

/** The rules an edit added, replaced or removed. */
export type AlertListChange = Pick<AlertStatesChange, 'put' | 'removed'>;

/** What turns the list `before` into `after`: only the rules that differ travel. */
export function alertListChange(
  before: readonly AlertRule[],
  after: readonly AlertRule[],
): AlertListChange {
  const was = new Map(before.map((r) => [r.id, r]));
  const stays = new Set(after.map((r) => r.id));
  const removed = before.filter((r) => !stays.has(r.id)).map((r) => r.id);
  // The rules on both lists keep their order on an edit; a reordered list (a workspace's) is
  // said as those rules removed and put again at their new places.
  const keptBefore = before.filter((r) => stays.has(r.id));
  const keptAfter = after.filter((r) => was.has(r.id));
  const moved = keptBefore.some((r, i) => r.id !== keptAfter[i]!.id);
  if (moved) removed.push(...keptBefore.map((r) => r.id));
  const put: { index: number; rule: AlertRule }[] = [];
  after.forEach((rule, index) => {
    const old = was.get(rule.id);
    if (moved || old === undefined || !sameRule(old, rule)) put.push({ index, rule });
  });
  return { put, removed };
}

/**
 * The page's list with a change applied; null when the change does not fit the list (an index
 * past its end, a rule it would hold twice): the page and the host differ, so fetch the view.
 */
export function applyAlertListChange(
  rules: readonly AlertRule[],
  change: AlertListChange,
): AlertRule[] | null {
  const gone = new Set(change.removed);
  const next = rules.filter((r) => !gone.has(r.id));
  const ids = new Set(next.map((r) => r.id));
  for (const { index, rule } of change.put) {
    if (!Number.isInteger(index) || index < 0 || index > next.length) return null;
    if (next[index]?.id === rule.id) next[index] = rule;
    else if (ids.has(rule.id)) return null;
    else {
      next.splice(index, 0, rule);
      ids.add(rule.id);
    }
  }
  return next;
}

/**
 * Rules are plain JSON, their keys in the checker's order; two equal rules written in another
 * key order would only be sent again, never missed.
 */
function sameRule(a: AlertRule, b: AlertRule): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
