/**
 * Alerts: the rule shape, its condition types, durations as the grammar writes them, and the
 * event the engine emits when a rule fires. The JSON check the settings and commands use is in
 * ./alert-check; the one-line grammar (`--alert "ACME move-down-pct 5 10s"`) in ./alert-line.
 * README.md ("Alerts") documents the grammar; the engine evaluates rules in `main/alerts/`.
 */

/** A validation outcome: the typed value, or a message naming the part and the problem. */
export type AlertChecked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** The prices a market rule can watch: the last trade, or the quote's mid for quote-only feeds. */
export const PRICE_SOURCES = ['last', 'mid'] as const;
/** Which price a market rule watches (one of {@link PRICE_SOURCES}). */
export type PriceSource = (typeof PRICE_SOURCES)[number];
/** A side of a match. */
export type MatchSide = 'home' | 'away';
/** A 1X2 outcome. */
export type OddsOutcome = 'home' | 'draw' | 'away';
/**
 * The match phase changes a `status` rule waits for: play starting (not resuming after
 * half-time or a suspension), half-time, full-time, play suspended, and the match called off
 * (postponed, abandoned or cancelled).
 */
export const PHASES = ['kickoff', 'half-time', 'full-time', 'suspended', 'called-off'] as const;
/** A match phase change a `status` rule waits for. */
export type MatchPhase = (typeof PHASES)[number];

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
  /**
   * When a `once` rule fired on a live feed (local epoch ms); absent while it is armed. Saved
   * with the rule so a fired rule stays fired across a restart until the user re-arms it (an
   * edit of what it watches, or enabling it again), which drops the field.
   */
  readonly firedAt?: number;
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

/** The conditions on a price, which watch the last trade or the mid (`on last|mid`). */
export const PRICE_CONDITION_TYPES = [
  'above',
  'below',
  'crosses-up',
  'crosses-down',
  'move-up-pct',
  'move-down-pct',
] as const satisfies readonly Extract<MarketCondition, { price: PriceSource }>['type'][];
const MARKET_TYPES = [...PRICE_CONDITION_TYPES, 'spread-above', 'volume-above'] as const;
const SPORTS_TYPES = ['goal', 'red-card', 'status', 'odds-move-pct'] as const;
const FEED_TYPES = ['stalled', 'disconnected-for', 'gap'] as const;
/** Every condition type, market then sports then feed. */
export const ALERT_CONDITION_TYPES: readonly AlertConditionType[] = [
  ...MARKET_TYPES,
  ...SPORTS_TYPES,
  ...FEED_TYPES,
];
export const SIDES: readonly MatchSide[] = ['home', 'away'];
export const OUTCOMES: readonly OddsOutcome[] = ['home', 'draw', 'away'];

/** The kind of target a condition type needs. */
export function conditionTarget(type: AlertConditionType): 'market' | 'match' | 'feed' {
  if ((MARKET_TYPES as readonly string[]).includes(type)) return 'market';
  if ((SPORTS_TYPES as readonly string[]).includes(type)) return 'match';
  return 'feed';
}

/** `10s`, `500ms`, `5m`, `1h`: a duration in ms, or null when unreadable. */
export function parseDurationMs(token: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(token);
  if (!m) return null;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

/** A duration in ms as the grammar writes it: the largest whole unit. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/**
 * What changed in the alerts since the host last said, pushed to every page (`alert:states`)
 * so that no page fetches the whole view (every rule, state and log entry: megabytes with
 * thousands of rules) per fired alert, per edit or on a timer: a fired rule's new state, the
 * states time changed (pending to armed, expired), the rules an edit added, replaced or
 * removed, a cleared log. The whole view (`alerts:get`, which carries the `version` it is as of)
 * is fetched only when a page starts, (re)connects, or sees a `version` it cannot follow.
 * ./alert-list-change builds and applies the rule part.
 */
export interface AlertStatesChange {
  /**
   * One more than the host's previous change (the view says which it includes): a page that
   * holds version n applies n + 1, ignores older ones, and fetches the view on a jump, so it
   * never silently differs from the host.
   */
  readonly version: number;
  /** The rules whose state changed (fired, pending to armed, expired, added...), by rule id. */
  readonly states: Readonly<Record<string, AlertRuleState>>;
  /**
   * Rules added or replaced, each with its index in the new list, in rising index order: a
   * page applies them after `removed`, replacing the rule at that index if it has the same id,
   * else inserting it there.
   */
  readonly put: readonly { readonly index: number; readonly rule: AlertRule }[];
  /** Ids of the rules no longer listed (deleted, or moved: then put again at their new index). */
  readonly removed: readonly string[];
  /** The log was cleared. */
  readonly logCleared: boolean;
}

/** A rule's state once it fired: a `once` rule disarms; an `every` rule stays armed for its next. */
export function stateAfterFire(rule: AlertRule): AlertRuleState {
  return rule.trigger.mode === 'once' ? 'fired' : 'armed';
}
