/**
 * The one-line grammar of alert rules (`--alert "ACME move-down-pct 5 10s"`, the alerts
 * panel's rule field, logs and notifications): parsed into a checked rule, and written back.
 * The condition's words are read by alert-condition-line.ts, the options after them by
 * alert-options-line.ts.
 */
import { conditionTarget, formatDuration, type AlertChecked, type AlertRule } from './alerts';
import { checkAlertRule } from './alert-check';
import { fail, show } from './alert-field-checks';
import { MAX_ALERT_NOTE_CHARS, MAX_ID_CHARS } from './limits';
import { parseCondition } from './alert-condition-line';
import { parseOptions } from './alert-options-line';

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
  const options = parseOptions(tokens, condition.value, type, context.now);
  if (!options.ok) return options;
  const { condition: c, trigger, expiresAt, enabled } = options.value;
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
