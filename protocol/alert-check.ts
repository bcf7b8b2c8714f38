/**
 * The check of alert rules read from JSON (the settings file, a command): every field bounded,
 * and each error naming the rule and the part that is wrong.
 */
import {
  formatDuration,
  type AlertChecked,
  type AlertConditionType,
  type AlertRule,
} from './alerts';
import { checkCondition, checkInstrument } from './alert-condition-check';
import { checkNumber, fail, show, type Fail } from './alert-field-checks';
import {
  MAX_ALERT_COOLDOWN_MS,
  MAX_ALERT_ID_CHARS,
  MAX_ALERT_NOTE_CHARS,
  MAX_TIME_MS,
} from './limits';
import { ruleOf } from './alert-rule-fields';

const ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * The ids of this run's `--alert` rules start with this (`cli-1`, `cli-2`, ...). A saved rule
 * may not: the engine and the page hold the saved and the run's rules in one list by id.
 */
export const RUN_RULE_ID_PREFIX = 'cli-';

/**
 * Checks one rule read from JSON (settings or a command). The error starts with the rule's id
 * when it has one, so a settings problem names the rule.
 */
export function checkAlertRule(v: unknown): AlertChecked<AlertRule> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return fail('alert rule: expected an object');
  const r = v as Record<string, unknown>;
  const idError =
    typeof r.id === 'string' && r.id.length <= MAX_ALERT_ID_CHARS && ID_PATTERN.test(r.id)
      ? null
      : `id: expected 1 to ${MAX_ALERT_ID_CHARS} letters, digits, ".", "_" or "-", got ${show(r.id)}`;
  const named = (e: string): Fail =>
    fail(idError === null ? `alert "${r.id as string}": ${e}` : `alert rule: ${e}`);
  if (idError) return named(idError);
  const c = r.condition;
  if (typeof c !== 'object' || c === null || Array.isArray(c))
    return named('condition: expected an object');
  const condition = c as Record<string, unknown>;
  const error =
    checkCondition(condition) ??
    checkInstrument(r.instrument, condition.type as AlertConditionType) ??
    checkTrigger(r.trigger) ??
    (r.expiresAt === null ? null : checkNumber('expiresAt', r.expiresAt, 0, MAX_TIME_MS)) ??
    (typeof r.note === 'string' && r.note.length <= MAX_ALERT_NOTE_CHARS
      ? null
      : `note: expected text of at most ${MAX_ALERT_NOTE_CHARS} characters`) ??
    (typeof r.enabled === 'boolean' ? null : 'enabled: expected true or false') ??
    checkFiredAt(r);
  if (error) return named(error);
  return { ok: true, value: ruleOf(r, condition) };
}

function checkTrigger(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'trigger: expected an object';
  const t = v as Record<string, unknown>;
  if (t.mode === 'once') return null;
  if (t.mode !== 'every') return `trigger: expected mode "once" or "every", got ${show(t.mode)}`;
  return Number.isInteger(t.cooldownMs) &&
    (t.cooldownMs as number) >= 0 &&
    (t.cooldownMs as number) <= MAX_ALERT_COOLDOWN_MS
    ? null
    : `cooldown: expected 0 to ${formatDuration(MAX_ALERT_COOLDOWN_MS)}, got ${show(t.cooldownMs)}`;
}

/** `firedAt`, when present (null counts as absent): a time, and only on a `once` rule. */
function checkFiredAt(r: Record<string, unknown>): string | null {
  if (r.firedAt === undefined || r.firedAt === null) return null;
  if ((r.trigger as Record<string, unknown>).mode !== 'once')
    return 'firedAt: only a "once" rule stays fired';
  return Number.isInteger(r.firedAt)
    ? checkNumber('firedAt', r.firedAt, 0, MAX_TIME_MS)
    : `firedAt: expected a time in whole ms, got ${show(r.firedAt)}`;
}

/**
 * Reads a list of rules from the settings file: each bad rule is reported (by id where it has
 * one) and skipped, duplicates of an id are skipped, and the rest load.
 */
export function readAlertRules(
  v: unknown,
  max: number,
): { readonly rules: readonly AlertRule[]; readonly problems: readonly string[] } {
  if (!Array.isArray(v)) return { rules: [], problems: ['alerts: expected a list of rules'] };
  const rules: AlertRule[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const [i, item] of v.entries()) {
    if (rules.length === max) {
      problems.push(`alerts: more than ${max} rules; the rest are skipped`);
      break;
    }
    const checked = checkAlertRule(item);
    if (!checked.ok) problems.push(`alerts: rule ${i + 1}: ${checked.error}`);
    else if (checked.value.id.startsWith(RUN_RULE_ID_PREFIX))
      problems.push(
        `alerts: rule ${i + 1}: alert "${checked.value.id}": "${RUN_RULE_ID_PREFIX}" ids belong to --alert; skipped`,
      );
    else if (ids.has(checked.value.id))
      problems.push(`alerts: rule ${i + 1}: alert "${checked.value.id}": id used twice; skipped`);
    else {
      ids.add(checked.value.id);
      rules.push(checked.value);
    }
  }
  return { rules, problems };
}
