/**
 * The new-alert form's fields, turned into a rule through the `--alert` grammar, so the form
 * and the command line accept exactly the same rules and report the same errors.
 */
import type {
  AlertChecked,
  AlertConditionType,
  AlertRule,
  PriceSource,
} from '../../../protocol/alerts';
import { conditionTarget, PHASES, PRICE_CONDITION_TYPES } from '../../../protocol/alerts';
import { parseAlertLine } from '../../../protocol/alert-line';

export interface AlertFormFields {
  readonly instrument: string;
  readonly condition: AlertConditionType;
  /** The level, pct, side, phase or outcome (and pct) the condition takes, as typed. */
  readonly value: string;
  /** A duration like `10s`, for the conditions with a window. */
  readonly window: string;
  /** `once` or `every <cooldown>`. */
  readonly trigger: string;
  /** The price a level or move watches: the last trade, or the quotes' mid (quote-only feeds). */
  readonly price: PriceSource;
}

/** The fields as the form edits them, kept by the panel while the form is closed. */
export type EditableAlertForm = { -readonly [K in keyof AlertFormFields]: AlertFormFields[K] };

/** A fresh form: a crossing below a level, fired once. */
export function emptyAlertForm(): EditableAlertForm {
  return {
    instrument: '',
    condition: 'crosses-down',
    value: '',
    window: '10s',
    trigger: 'once',
    price: 'last',
  };
}

/** The conditions whose grammar ends with a window. */
const WINDOWED: readonly AlertConditionType[] = [
  'move-up-pct',
  'move-down-pct',
  'volume-above',
  'odds-move-pct',
];

export function takesWindow(condition: AlertConditionType): boolean {
  return WINDOWED.includes(condition);
}

/** Whether the condition is on a price, whose Price field then chooses last or mid. */
export function takesPrice(condition: AlertConditionType): boolean {
  return (PRICE_CONDITION_TYPES as readonly AlertConditionType[]).includes(condition);
}

/** Most words the Value field holds for a condition (an odds move's outcome and percent). */
function valueWords(condition: AlertConditionType): number {
  if (condition === 'odds-move-pct') return 2;
  return condition === 'stalled' || condition === 'gap' ? 0 : 1;
}

/** What the Value field wants for a condition, as its placeholder. */
export function valueHint(condition: AlertConditionType): string {
  switch (condition) {
    case 'move-up-pct':
    case 'move-down-pct':
      return 'percent, e.g. 5';
    case 'goal':
    case 'red-card':
      return 'home, away or empty';
    case 'status':
      return `${PHASES.slice(0, -1).join(', ')} or ${PHASES.at(-1)}`;
    case 'odds-move-pct':
      return 'outcome and percent, e.g. home 10';
    case 'disconnected-for':
      return 'duration, e.g. 30s';
    case 'stalled':
    case 'gap':
      return 'none';
    case 'volume-above':
      return 'volume';
    default:
      return 'level';
  }
}

/**
 * The price a rule drafted for `row` watches: the mid for an instrument that has not traded this
 * session, whose last trade (if any) is a snapshot's and would never move; else the last trade.
 */
export function draftPrice(row: { readonly volume: number } | undefined): PriceSource {
  return row !== undefined && row.volume > 0 ? 'last' : 'mid';
}

/** The form a drawn price line opens: a crossing of its level, from where the price is now. */
export function levelDraft(
  instrument: string,
  level: number,
  now: number | undefined,
  price: PriceSource,
): AlertDraft {
  const condition = now !== undefined && level > now ? 'crosses-up' : 'crosses-down';
  return { instrument, condition, value: String(level), price };
}

/** A new-alert form asked for from elsewhere (a watchlist row, a price line), prefilled. */
export interface AlertDraft {
  readonly instrument: string;
  readonly condition?: AlertConditionType;
  readonly value?: string;
  readonly price?: PriceSource;
}

/** A fresh id for a rule made in the page (`cli-` ids belong to `--alert`). */
export function newAlertId(now: number): string {
  return `ui-${now.toString(36)}`;
}

/** The rule the fields describe, or the grammar's error naming the wrong part. */
export function ruleFromForm(
  fields: AlertFormFields,
  id: string,
  now: number,
): AlertChecked<AlertRule> {
  const kind = conditionTarget(fields.condition);
  // A match as the rule list names it (`match:m1`) is the match `m1`, not a match `match:m1`
  // that never comes: the rule stayed pending for good.
  const typed = fields.instrument.trim();
  const instrument = kind === 'match' ? typed.replace(/^match:/, '') : typed;
  if (kind !== 'feed' && instrument === '')
    return { ok: false, error: 'instrument: needed for this condition' };
  if (kind !== 'feed' && /\s/.test(instrument))
    return { ok: false, error: `instrument: an id has no spaces, got ${JSON.stringify(typed)}` };
  const value = fields.value.trim();
  // The value is spliced into the grammar: words past the condition's own would be read as
  // its options (`5 every 1s` against the Trigger chosen, `5 note x` taking the Price and
  // Trigger into the note), so the form's own fields would not say what the rule does.
  const words = value === '' ? 0 : value.split(/\s+/).length;
  const most = valueWords(fields.condition);
  if (words > most)
    return {
      ok: false,
      error: `value: "${fields.condition}" takes ${most === 0 ? 'no value' : most === 1 ? 'one value' : `${most} values`}, got ${JSON.stringify(value)} (the window, price and trigger have fields of their own)`,
    };
  const target = kind === 'feed' ? 'feed' : kind === 'match' ? `match:${instrument}` : instrument;
  const parts = [target, fields.condition, value];
  if (takesWindow(fields.condition)) parts.push(fields.window.trim());
  if (takesPrice(fields.condition)) parts.push('on', fields.price);
  parts.push(fields.trigger.trim());
  // The field holds an instrument id as the page names it: with several sources, or a replay
  // beside the live feed, that is `<source>:<id>` (`sim:ACME`, `replay:ACME`), which the
  // grammar takes for a source's instrument only when told the source.
  const source = /^([^:]+):/.exec(instrument)?.[1];
  const sources = source === undefined || kind !== 'market' ? [] : [source];
  return parseAlertLine(parts.filter((p) => p !== '').join(' '), { id, now, sources });
}
