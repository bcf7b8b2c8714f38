/**
 * The check of alert rules read from JSON (the settings file, a command): every field bounded,
 * and each error naming the rule and the part that is wrong.
 */
import {
  ALERT_CONDITION_TYPES,
  OUTCOMES,
  PHASES,
  SIDES,
  conditionTarget,
  formatDuration,
  type AlertChecked,
  type AlertConditionType,
  type AlertRule,
} from './alerts';
import {
  MAX_ALERT_COOLDOWN_MS,
  MAX_ALERT_ID_CHARS,
  MAX_ALERT_LEVEL,
  MAX_ALERT_NOTE_CHARS,
  MAX_ALERT_PCT,
  MAX_ALERT_WINDOW_MS,
  MAX_ID_CHARS,
  MAX_TIME_MS,
} from './limits';
import { ruleOf } from './alert-rule-fields';

const ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * The ids of this run's `--alert` rules start with this (`cli-1`, `cli-2`, ...). A saved rule
 * may not: the engine and the page hold the saved and the run's rules in one list by id.
 */
export const RUN_RULE_ID_PREFIX = 'cli-';

export type Fail = { readonly ok: false; readonly error: string };
export const fail = (error: string): Fail => ({ ok: false, error });

export function checkNumber(
  what: string,
  v: unknown,
  min: number,
  max: number,
  open = false,
): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v))
    return `${what}: expected a number, got ${show(v)}`;
  if ((open ? v <= min : v < min) || v > max)
    return `${what}: expected ${open ? 'more than' : 'at least'} ${min} and at most ${max}, got ${v}`;
  return null;
}

/** A rule's window: whole ms, bounded. */
export function checkWindow(what: string, v: unknown): string | null {
  return Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_ALERT_WINDOW_MS
    ? null
    : `${what}: expected a window from 1ms to ${formatDuration(MAX_ALERT_WINDOW_MS)}, got ${show(v)}`;
}

/** A value as an error message quotes it: strings cut at 40 characters. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return String(v);
  return v === null ? 'null' : typeof v;
}

function checkOneOf<T>(what: string, v: unknown, allowed: readonly T[]): string | null {
  return allowed.includes(v as T)
    ? null
    : `${what}: expected one of ${allowed.join(', ')}, got ${show(v)}`;
}

/** Checks a condition object read from JSON; null when valid. */
function checkCondition(c: Record<string, unknown>): string | null {
  switch (c.type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down':
      return (
        checkNumber('level', c.level, -MAX_ALERT_LEVEL, MAX_ALERT_LEVEL) ??
        checkOneOf('price', c.price, ['last', 'mid'])
      );
    case 'move-up-pct':
    case 'move-down-pct':
      return (
        checkNumber('pct', c.pct, 0, c.type === 'move-down-pct' ? 100 : MAX_ALERT_PCT, true) ??
        checkWindow('window', c.windowMs) ??
        checkOneOf('price', c.price, ['last', 'mid'])
      );
    case 'spread-above':
      return checkNumber('value', c.value, 0, MAX_ALERT_LEVEL);
    case 'volume-above':
      return (
        checkNumber('volume', c.volume, 0, MAX_ALERT_LEVEL) ?? checkWindow('window', c.windowMs)
      );
    case 'goal':
    case 'red-card':
      return c.side === null ? null : checkOneOf('side', c.side, SIDES);
    case 'status':
      return checkOneOf('phase', c.phase, PHASES);
    case 'odds-move-pct':
      return (
        checkOneOf('outcome', c.outcome, OUTCOMES) ??
        checkNumber('pct', c.pct, 0, MAX_ALERT_PCT, true) ??
        checkWindow('window', c.windowMs)
      );
    case 'stalled':
    case 'gap':
      return null;
    case 'disconnected-for':
      return Number.isInteger(c.durationMs) &&
        (c.durationMs as number) > 0 &&
        (c.durationMs as number) <= MAX_ALERT_COOLDOWN_MS
        ? null
        : `duration: expected 1ms to ${formatDuration(MAX_ALERT_COOLDOWN_MS)}, got ${show(c.durationMs)}`;
    default:
      return `condition: unknown condition ${show(c.type)} (expected one of ${ALERT_CONDITION_TYPES.join(', ')})`;
  }
}

function checkInstrument(v: unknown, type: AlertConditionType): string | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_CHARS || /\s/.test(v))
    return `instrument: expected an id of 1 to ${MAX_ID_CHARS} characters without spaces, got ${show(v)}`;
  const feed = conditionTarget(type) === 'feed';
  if (feed !== (v === '*'))
    return feed
      ? `instrument: "${type}" is a feed condition; its target is "feed" (*)`
      : `instrument: "${type}" needs an instrument, not the feed`;
  return null;
}

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
    (typeof r.enabled === 'boolean' ? null : 'enabled: expected true or false');
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
