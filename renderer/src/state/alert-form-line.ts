/**
 * The new-alert form's fields spliced into one `--alert` grammar line and parsed by it, so the
 * form and the command line accept the same rules; what the splice would hide (a value's
 * missing or extra words, a source the feed does not have) is refused here, naming the field.
 */
import type { AlertChecked, AlertConditionType, AlertRule } from '../../../protocol/alerts';
import {
  conditionTarget,
  formatDuration,
  PHASES,
  PRICE_CONDITION_TYPES,
} from '../../../protocol/alerts';
import { parseAlertLine } from '../../../protocol/alert-line';
import { MAX_ALERT_COOLDOWN_MS } from '../../../protocol/limits';
import { parseInstrumentName } from '../../../protocol/source-names';
import type { AlertFormFields } from './alert-form';

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

/** Fewest and most words the Value field holds for a condition (an odds move's two). */
function valueWords(condition: AlertConditionType): readonly [number, number] {
  if (condition === 'odds-move-pct') return [2, 2];
  if (condition === 'goal' || condition === 'red-card') return [0, 1];
  return condition === 'stalled' || condition === 'gap' ? [0, 0] : [1, 1];
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

const fail = (error: string): AlertChecked<AlertRule> => ({ ok: false, error });

/**
 * The rule the fields say, but its note, expiry and enabled state (./alert-form.ts sets
 * those). `sources` are the source names the feed's instruments carry (`sim` of `sim:ACME`),
 * or null to take any prefix for one.
 */
export function ruleOfFields(
  fields: AlertFormFields,
  id: string,
  now: number,
  sources: readonly string[] | null,
): AlertChecked<AlertRule> {
  const kind = conditionTarget(fields.condition);
  // A match as the rule list names it (`match:m1`) is the match `m1`, not a match `match:m1`
  // that never comes: the rule stayed pending for good.
  const typed = fields.instrument.trim();
  const instrument = kind === 'match' ? typed.replace(/^match:/, '') : typed;
  if (kind !== 'feed' && instrument === '') return fail('instrument: needed for this condition');
  if (kind !== 'feed' && /\s/.test(instrument))
    return fail(`instrument: an id has no spaces, got ${JSON.stringify(typed)}`);
  const value = fields.value.trim();
  // The value is spliced into the grammar: words past the condition's own would be read as
  // its options (`5 every 1s` against the Trigger chosen, `5 note x` taking the Price and
  // Trigger into the note), and words missing would be taken from the next field (an odds
  // move without its percent said `pct: … got "10s"`, the Window's, bug 212).
  const words = value === '' ? 0 : value.split(/\s+/).length;
  const [fewest, most] = valueWords(fields.condition);
  if (words > most)
    return fail(
      `value: "${fields.condition}" takes ${most === 0 ? 'no value' : most === 1 ? 'one value' : `${most} values`}, got ${JSON.stringify(value)} (the window, price and trigger have fields of their own)`,
    );
  if (words < fewest)
    return fail(
      `value: "${fields.condition}" needs ${valueHint(fields.condition)}${words > 0 ? `, got ${JSON.stringify(value)}` : ''}`,
    );
  const target = kind === 'feed' ? 'feed' : kind === 'match' ? `match:${instrument}` : instrument;
  const parts = [target, fields.condition, value];
  if (takesWindow(fields.condition)) parts.push(fields.window.trim());
  if (takesPrice(fields.condition)) parts.push('on', fields.price);
  const trigger = triggerWords(fields.trigger);
  if (!trigger.ok) return trigger;
  parts.push(trigger.value);
  // The field holds an instrument id as the page names it: with several sources, or a replay
  // beside the live feed, that is `<source>:<id>` (`sim:ACME`, `replay:ACME`), which the
  // grammar takes for a source's instrument only when told the source; one the feed does not
  // have is refused, as `--alert` refuses it (`nope:ACME` waited for good, bug 211).
  const source = kind === 'market' ? (sourceOf(instrument) ?? undefined) : undefined;
  if (source !== undefined && sources !== null && !sources.includes(source))
    return fail(
      `instrument: no source is named ${JSON.stringify(source)} (${sources.length === 0 ? "the feed's instruments are not named by source" : `the feed's sources are ${sources.join(', ')}`})`,
    );
  return parseAlertLine(parts.filter((p) => p !== '').join(' '), {
    id,
    now,
    sources: source === undefined ? [] : [source],
  });
}

/** The source an instrument name carries (`sim` of `sim:ACME`), as the engine names them; null for none. */
function sourceOf(name: string): string | null {
  const parsed = parseInstrumentName(name);
  return parsed.ok ? parsed.source : null;
}

/** The source names the feed's instrument ids carry (`sim`, `kraken` of `sim:ACME`, …). */
export function sourcesOf(ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    const source = sourceOf(id);
    if (source !== null) out.add(source);
  }
  return [...out];
}

/**
 * The Trigger field as the grammar's words, `once` or `every <cooldown>` (whose bounds the
 * grammar checks), or the error: typed, as the form lets it be, more words would be read as
 * the rule's other parts (`every 1m expires 1h` set an expiry the Expires field did not say).
 */
function triggerWords(typed: string): AlertChecked<string> {
  const words = typed.trim().split(/\s+/);
  if (words.length === 1 && words[0] === 'once') return { ok: true, value: 'once' };
  if (words.length === 2 && words[0] === 'every') return { ok: true, value: words.join(' ') };
  return {
    ok: false,
    error: `trigger: expected once or every <cooldown> up to ${formatDuration(MAX_ALERT_COOLDOWN_MS)} (like every 30s), got ${JSON.stringify(typed.trim())}`,
  };
}
