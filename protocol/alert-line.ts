/**
 * The one-line grammar of alert rules (`--alert "ACME move-down-pct 5 10s"`, the alerts
 * panel's rule field, logs and notifications): parsed into a checked rule, and written back.
 */
import {
  conditionTarget,
  formatDuration,
  parseDurationMs,
  PRICE_SOURCES,
  SIDES,
  type AlertChecked,
  type AlertCondition,
  type AlertRule,
  type AlertTrigger,
  type PriceSource,
} from './alerts';
import { checkAlertRule } from './alert-check';
import { fail, show } from './alert-field-checks';
import {
  MAX_ALERT_COOLDOWN_MS,
  MAX_ALERT_EXPIRY_MS,
  MAX_ALERT_NOTE_CHARS,
  MAX_ID_CHARS,
} from './limits';
import { parseCondition } from './alert-condition-line';

/** Where a rule line may be given: its id and the clock that turns `expires 1h` into a time. */
export interface AlertLineContext {
  readonly id: string;
  readonly now: number;
  /**
   * The sources' names when there are several: a target they prefix (`kraken:BTC/USD`) is an
   * instrument of that source (protocol/source-names.ts), not an unknown kind.
   */
  readonly sources?: readonly string[];
}

/**
 * Parses one rule in the `--alert` grammar:
 * `<target> <condition> [values] [on last|mid] [once | every <cooldown>] [expires <duration>]
 * [disabled] [note <text…>]`, where the target is an instrument id, `match:<id>` or `feed`.
 * The error names the part that is wrong.
 */
export function parseAlertLine(line: string, context: AlertLineContext): AlertChecked<AlertRule> {
  const noteAt = line.search(/(^|\s)note(\s|$)/);
  const head = noteAt < 0 ? line : line.slice(0, noteAt);
  const note =
    noteAt < 0
      ? ''
      : line
          .slice(noteAt)
          .replace(/^\s*note\s?/, '')
          .trim();
  if (note.length > MAX_ALERT_NOTE_CHARS)
    return fail(`note: longer than ${MAX_ALERT_NOTE_CHARS} characters (${note.length})`);
  const tokens = head.trim().split(/\s+/).filter(Boolean);
  const target = tokens.shift();
  if (target === undefined) return fail('alert: empty; expected "<target> <condition> [values]"');
  const type = tokens.shift();
  if (type === undefined) return fail(`condition: missing after ${show(target)}`);
  const instrument = parseTarget(target, context.sources ?? []);
  if (!instrument.ok) return instrument;
  const condition = parseCondition(type, tokens);
  if (!condition.ok) return condition;
  const kind = conditionTarget(condition.value.type);
  const targetKind =
    instrument.value === '*' ? 'feed' : target.startsWith('match:') ? 'match' : 'market';
  if (kind !== targetKind && !(kind === 'match' && targetKind === 'market'))
    return fail(
      `target: ${show(target)} does not fit "${type}" (it needs ${kind === 'feed' ? '"feed"' : kind === 'match' ? 'match:<id>' : 'an instrument id'})`,
    );
  let c: AlertCondition = condition.value;
  let trigger: AlertTrigger = { mode: 'once' };
  let expiresAt: number | null = null;
  let enabled = true;
  // Each part once: "every 10s once" or "on mid on last" would otherwise keep the last
  // silently, and the rule would not do what one of its words says.
  const given = new Map<string, string>();
  // A word right after a goal or red card without its side is that side mistyped (`goal left`).
  const sideless = (c.type === 'goal' || c.type === 'red-card') && c.side === null;
  if (sideless && tokens.length > 0 && !OPTION_PARTS.has(tokens[0]!))
    return fail(
      `side: expected ${SIDES.join(' or ')} (or none, for either side), got ${show(tokens[0]!)}`,
    );
  while (tokens.length > 0) {
    const option = tokens.shift() as string;
    const part = OPTION_PARTS.get(option);
    const first = part === undefined ? undefined : given.get(part);
    if (first !== undefined)
      return fail(`${part}: given twice (${show(first)}, then ${show(option)})`);
    if (part !== undefined) given.set(part, option);
    if (option === 'on') {
      const price = tokens.shift() as PriceSource | undefined;
      if (!('price' in c)) return fail(`on: "${type}" has no price to choose`);
      if (price === undefined || !PRICE_SOURCES.includes(price))
        return fail(`on: expected ${PRICE_SOURCES.join(' or ')}, got ${show(price ?? '')}`);
      c = { ...c, price };
    } else if (option === 'once') trigger = { mode: 'once' };
    else if (option === 'every') {
      const token = tokens.shift();
      const ms = token === undefined ? null : parseDurationMs(token);
      if (ms === null || ms > MAX_ALERT_COOLDOWN_MS)
        return fail(
          `every: expected a cooldown from 0s to ${formatDuration(MAX_ALERT_COOLDOWN_MS)} like 30s, got ${show(token ?? '')}`,
        );
      trigger = { mode: 'every', cooldownMs: ms };
    } else if (option === 'expires') {
      const token = tokens.shift();
      const ms = token === undefined ? null : parseDurationMs(token);
      if (ms === null || ms <= 0 || ms > MAX_ALERT_EXPIRY_MS)
        return fail(
          `expires: expected a duration from now like 2h, at most a year, got ${show(token ?? '')}`,
        );
      expiresAt = context.now + ms;
    } else if (option === 'disabled') enabled = false;
    else
      return fail(
        `${show(option)}: unexpected; options are on, once, every, expires, disabled, note`,
      );
  }
  return checkAlertRule({
    id: context.id,
    instrument: instrument.value,
    condition: c,
    trigger,
    expiresAt,
    note,
    enabled,
  });
}

/** The part of a rule each option word gives. */
const OPTION_PARTS: ReadonlyMap<string, string> = new Map([
  ['on', 'price'],
  ['once', 'trigger'],
  ['every', 'trigger'],
  ['expires', 'expiry'],
  ['disabled', 'disabled'],
]);

function parseTarget(target: string, sources: readonly string[]): AlertChecked<string> {
  if (target === 'feed' || target === '*') return { ok: true, value: '*' };
  const prefixed = /^([a-z]+):(.*)$/.exec(target);
  const source = /^([^:]+):/.exec(target)?.[1];
  if (source !== undefined && source !== 'match' && sources.includes(source)) {
    if (target.length > MAX_ID_CHARS)
      return fail(`target: expected an id of 1 to ${MAX_ID_CHARS} characters, got ${show(target)}`);
    return { ok: true, value: target };
  }
  if (prefixed && prefixed[1] !== 'match')
    return fail(
      `target: unknown kind "${prefixed[1]}:" (expected an instrument id, match:<id> or feed)`,
    );
  const id = prefixed ? (prefixed[2] ?? '') : target;
  if (id.length === 0 || id.length > MAX_ID_CHARS)
    return fail(`target: expected an id of 1 to ${MAX_ID_CHARS} characters, got ${show(target)}`);
  return { ok: true, value: id };
}

/** A rule in the one-line grammar, for logs, notifications and the rule list. */
export function formatAlertRule(rule: AlertRule): string {
  const c = rule.condition;
  const kind = conditionTarget(c.type);
  const target =
    kind === 'feed' ? 'feed' : kind === 'match' ? `match:${rule.instrument}` : rule.instrument;
  const parts = [target, c.type];
  switch (c.type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down':
      parts.push(String(c.level));
      break;
    case 'move-up-pct':
    case 'move-down-pct':
      parts.push(String(c.pct), formatDuration(c.windowMs));
      break;
    case 'spread-above':
      parts.push(String(c.value));
      break;
    case 'volume-above':
      parts.push(String(c.volume), formatDuration(c.windowMs));
      break;
    case 'goal':
    case 'red-card':
      if (c.side) parts.push(c.side);
      break;
    case 'status':
      parts.push(c.phase);
      break;
    case 'odds-move-pct':
      parts.push(c.outcome, String(c.pct), formatDuration(c.windowMs));
      break;
    case 'disconnected-for':
      parts.push(formatDuration(c.durationMs));
      break;
  }
  if ('price' in c && c.price === 'mid') parts.push('on', 'mid');
  if (rule.trigger.mode === 'every') parts.push('every', formatDuration(rule.trigger.cooldownMs));
  return parts.join(' ');
}
