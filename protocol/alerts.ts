/**
 * Alerts: the rule shape, its one-line grammar (`--alert "ACME move-down-pct 5 10s"`), the
 * JSON check the settings and commands use, and the event the engine emits when a rule fires.
 * README.md ("Alerts") documents the grammar; the engine evaluates rules in `main/alerts/`.
 */
import {
  MAX_ALERT_COOLDOWN_MS,
  MAX_ALERT_EXPIRY_MS,
  MAX_ALERT_ID_CHARS,
  MAX_ALERT_LEVEL,
  MAX_ALERT_NOTE_CHARS,
  MAX_ALERT_PCT,
  MAX_ALERT_WINDOW_MS,
  MAX_ID_CHARS,
  MAX_TIME_MS,
} from './limits';

/** A validation outcome: the typed value, or a message naming the part and the problem. */
export type AlertChecked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Which price a market rule watches: the last trade, or the quote's mid for quote-only feeds. */
export type PriceSource = 'last' | 'mid';
/** A side of a match. */
export type MatchSide = 'home' | 'away';
/** A 1X2 outcome. */
export type OddsOutcome = 'home' | 'draw' | 'away';
/** A match phase change a `status` rule waits for. */
export type MatchPhase = 'kickoff' | 'half-time' | 'full-time';

/** Conditions on a market instrument's price, spread or volume. */
export type MarketCondition =
  | {
      readonly type: 'above' | 'below' | 'crosses-up' | 'crosses-down';
      readonly level: number;
      readonly price: PriceSource;
    }
  | {
      readonly type: 'move-up-pct' | 'move-down-pct';
      readonly pct: number;
      readonly windowMs: number;
      readonly price: PriceSource;
    }
  | { readonly type: 'spread-above'; readonly value: number }
  | { readonly type: 'volume-above'; readonly volume: number; readonly windowMs: number };

/** Conditions on a match. A null side means either side. */
export type SportsCondition =
  | { readonly type: 'goal' | 'red-card'; readonly side: MatchSide | null }
  | { readonly type: 'status'; readonly phase: MatchPhase }
  | {
      readonly type: 'odds-move-pct';
      readonly outcome: OddsOutcome;
      readonly pct: number;
      readonly windowMs: number;
    };

/** Conditions on the feed itself (rules with instrument `*`). */
export type FeedCondition =
  | { readonly type: 'stalled' }
  | { readonly type: 'gap' }
  | { readonly type: 'disconnected-for'; readonly durationMs: number };

export type AlertCondition = MarketCondition | SportsCondition | FeedCondition;
export type AlertConditionType = AlertCondition['type'];

/** `once` disarms after firing; `every` fires again once `cooldownMs` has passed. */
export type AlertTrigger =
  { readonly mode: 'once' } | { readonly mode: 'every'; readonly cooldownMs: number };

/** One alert rule, as the settings keep it. */
export interface AlertRule {
  /** Unique among the rules; letters, digits, `.`, `_`, `-`. */
  readonly id: string;
  /** The instrument or match id, or `*` for a feed rule. */
  readonly instrument: string;
  readonly condition: AlertCondition;
  readonly trigger: AlertTrigger;
  /** Epoch ms after which the rule no longer fires; null for never. */
  readonly expiresAt: number | null;
  /** Free text shown with the alert (at most {@link MAX_ALERT_NOTE_CHARS}). */
  readonly note: string;
  readonly enabled: boolean;
}

/** What a rule is doing now, as the app shows it. */
export type AlertRuleState = 'armed' | 'fired' | 'pending' | 'expired' | 'disabled';

/** A rule fired. `tick` is null for feed rules (no tick caused them). */
export interface AlertEvent {
  /** Unique per engine run, rising. */
  readonly id: number;
  readonly rule: AlertRule;
  /** The rule in its one-line grammar, for logs and notifications. */
  readonly text: string;
  readonly tick: {
    readonly instrument: string;
    readonly seq: number;
    /** The feed's own event time (exchange or simulator clock; recorded time in a replay). */
    readonly ts: number;
    /**
     * The value the condition saw: the price (level and move rules), spread, window volume,
     * odds, the side's goals (goal), match time in ms (red card); null for a status change.
     */
    readonly value: number | null;
  } | null;
  /** Local wall-clock time it fired, epoch ms. */
  readonly firedAt: number;
  /** Null on a live feed; the recorded time of the firing tick during a replay. */
  readonly replayPosition: number | null;
}

const MARKET_TYPES = [
  'above',
  'below',
  'crosses-up',
  'crosses-down',
  'move-up-pct',
  'move-down-pct',
  'spread-above',
  'volume-above',
] as const;
const SPORTS_TYPES = ['goal', 'red-card', 'status', 'odds-move-pct'] as const;
const FEED_TYPES = ['stalled', 'disconnected-for', 'gap'] as const;
/** Every condition type, market then sports then feed. */
export const ALERT_CONDITION_TYPES: readonly AlertConditionType[] = [
  ...MARKET_TYPES,
  ...SPORTS_TYPES,
  ...FEED_TYPES,
];
const PHASES: readonly MatchPhase[] = ['kickoff', 'half-time', 'full-time'];
const SIDES: readonly MatchSide[] = ['home', 'away'];
const OUTCOMES: readonly OddsOutcome[] = ['home', 'draw', 'away'];
const ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/** The kind of target a condition type needs. */
export function conditionTarget(type: AlertConditionType): 'market' | 'match' | 'feed' {
  if ((MARKET_TYPES as readonly string[]).includes(type)) return 'market';
  if ((SPORTS_TYPES as readonly string[]).includes(type)) return 'match';
  return 'feed';
}

type Fail = { readonly ok: false; readonly error: string };
const fail = (error: string): Fail => ({ ok: false, error });

/** `10s`, `500ms`, `5m`, `1h`: a duration in ms, or null when unreadable. */
function parseDurationMs(token: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(token);
  if (!m) return null;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

function checkNumber(
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

function checkWindow(what: string, v: unknown): string | null {
  return Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_ALERT_WINDOW_MS
    ? null
    : `${what}: expected a window from 1ms to ${formatDuration(MAX_ALERT_WINDOW_MS)}, got ${show(v)}`;
}

function show(v: unknown): string {
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
  return { ok: true, value: v as AlertRule };
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
    else if (ids.has(checked.value.id))
      problems.push(`alerts: rule ${i + 1}: alert "${checked.value.id}": id used twice; skipped`);
    else {
      ids.add(checked.value.id);
      rules.push(checked.value);
    }
  }
  return { rules, problems };
}

/** Tokens of the condition part, after the target. */
function parseCondition(type: string, args: string[]): AlertChecked<AlertCondition> {
  const need = (): string | undefined => args.shift();
  const num = (what: string, min: number, max: number, open = false): number | Fail => {
    const token = need();
    if (token === undefined) return fail(`${type}: missing ${what}`);
    const n = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(token) ? Number(token) : NaN;
    const error = Number.isNaN(n)
      ? `${what}: expected a number, got ${show(token)}`
      : checkNumber(what, n, min, max, open);
    return error ? fail(error) : n;
  };
  const windowMs = (): number | Fail => {
    const token = need();
    if (token === undefined) return fail(`${type}: missing window (e.g. 10s)`);
    const ms = parseDurationMs(token);
    if (ms === null)
      return fail(`window: expected a duration like 500ms, 10s, 5m or 1h, got ${show(token)}`);
    const error = checkWindow('window', ms);
    return error ? fail(error) : ms;
  };
  const oneOf = <T extends string>(what: string, allowed: readonly T[], optional: boolean) => {
    const token = args[0];
    if (token !== undefined && allowed.includes(token as T)) return args.shift() as T;
    if (optional) return null;
    return fail(`${what}: expected one of ${allowed.join(', ')}, got ${show(token ?? '')}`);
  };
  const isFail = (x: unknown): x is Fail => typeof x === 'object' && x !== null && 'error' in x;
  const ok = (value: AlertCondition): AlertChecked<AlertCondition> => ({ ok: true, value });
  switch (type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down': {
      const level = num('level', -MAX_ALERT_LEVEL, MAX_ALERT_LEVEL);
      return isFail(level) ? level : ok({ type, level, price: 'last' });
    }
    case 'move-up-pct':
    case 'move-down-pct': {
      const pct = num('pct', 0, type === 'move-down-pct' ? 100 : MAX_ALERT_PCT, true);
      if (isFail(pct)) return pct;
      const w = windowMs();
      return isFail(w) ? w : ok({ type, pct, windowMs: w, price: 'last' });
    }
    case 'spread-above': {
      const value = num('value', 0, MAX_ALERT_LEVEL);
      return isFail(value) ? value : ok({ type, value });
    }
    case 'volume-above': {
      const volume = num('volume', 0, MAX_ALERT_LEVEL);
      if (isFail(volume)) return volume;
      const w = windowMs();
      return isFail(w) ? w : ok({ type, volume, windowMs: w });
    }
    case 'goal':
    case 'red-card': {
      const side = oneOf('side', SIDES, true);
      return ok({ type, side: side as MatchSide | null });
    }
    case 'status': {
      const phase = oneOf('phase', PHASES, false);
      return isFail(phase) ? phase : ok({ type, phase: phase as MatchPhase });
    }
    case 'odds-move-pct': {
      const outcome = oneOf('outcome', OUTCOMES, false);
      if (isFail(outcome)) return outcome;
      const pct = num('pct', 0, MAX_ALERT_PCT, true);
      if (isFail(pct)) return pct;
      const w = windowMs();
      return isFail(w) ? w : ok({ type, outcome: outcome as OddsOutcome, pct, windowMs: w });
    }
    case 'stalled':
    case 'gap':
      return ok({ type });
    case 'disconnected-for': {
      const token = need();
      const ms = token === undefined ? null : parseDurationMs(token);
      if (ms === null || ms <= 0 || ms > MAX_ALERT_COOLDOWN_MS)
        return fail(
          `duration: expected a duration from 1ms to ${formatDuration(MAX_ALERT_COOLDOWN_MS)} like 30s, got ${show(token ?? '')}`,
        );
      return ok({ type, durationMs: ms });
    }
    default:
      return fail(
        `condition: unknown condition ${show(type)} (expected one of ${ALERT_CONDITION_TYPES.join(', ')})`,
      );
  }
}

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
  while (tokens.length > 0) {
    const option = tokens.shift() as string;
    if (option === 'on') {
      const price = tokens.shift();
      if (!('price' in c)) return fail(`on: "${type}" has no price to choose`);
      if (price !== 'last' && price !== 'mid')
        return fail(`on: expected last or mid, got ${show(price ?? '')}`);
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
