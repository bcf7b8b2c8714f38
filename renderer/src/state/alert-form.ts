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
import { conditionTarget } from '../../../protocol/alerts';
import { checkAlertRule } from '../../../protocol/alert-check';
import { MAX_ALERT_NOTE_CHARS } from '../../../protocol/limits';
import { expiryText, readExpiry } from './alert-expiry';
import { ruleOfFields } from './alert-form-line';

export { takesPrice, takesWindow, valueHint } from './alert-form-line';

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
  /** When the rule stops firing (./alert-expiry.ts); empty for never. */
  readonly expires: string;
  /** Free text shown with the alert. */
  readonly note: string;
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
    expires: '',
    note: '',
  };
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

/**
 * The form a draft opens: its instrument and what it gives, on the fields as they were (the
 * trigger and window chosen stay). A draft starts a rule of its own: the level, note and expiry
 * left from one drafted before (another instrument's level, bug 206) are not this one's.
 */
export function formOfDraft(fields: EditableAlertForm, draft: AlertDraft): EditableAlertForm {
  const keepCondition = conditionTarget(fields.condition) === 'market';
  return {
    ...fields,
    instrument: draft.instrument,
    condition: draft.condition ?? (keepCondition ? fields.condition : 'crosses-down'),
    value: draft.value ?? '',
    note: '',
    expires: '',
    price: draft.price ?? fields.price,
  };
}

/** A fresh id for a rule made in the page (`cli-` ids belong to `--alert`). */
export function newAlertId(now: number): string {
  return `ui-${now.toString(36)}`;
}

/**
 * The rule the fields describe, or the grammar's error naming the wrong part. `editing` is the
 * saved rule the form was opened on: its id and enabled state are kept, and so is its expiry
 * while the Expires field still shows it (a rule past its expiry can have its note edited).
 * `sources` are the feed's source names, which an instrument's prefix must be one of (null:
 * any; an edit keeping its rule's instrument is not held to them).
 */
export function ruleFromForm(
  fields: AlertFormFields,
  id: string,
  now: number,
  editing: AlertRule | null = null,
  sources: readonly string[] | null = null,
): AlertChecked<AlertRule> {
  const note = fields.note.trim();
  if (note.length > MAX_ALERT_NOTE_CHARS)
    return {
      ok: false,
      error: `note: longer than ${MAX_ALERT_NOTE_CHARS} characters (${note.length})`,
    };
  const expiresAt =
    editing !== null && fields.expires === expiryText(editing.expiresAt, now)
      ? { ok: true as const, value: editing.expiresAt }
      : readExpiry(fields.expires, now);
  if (!expiresAt.ok) return expiresAt;
  const kept = editing !== null && editing.instrument === fields.instrument.trim();
  const rule = ruleOfFields(fields, editing?.id ?? id, now, kept ? null : sources);
  if (!rule.ok) return rule;
  // Set apart from the grammar: a note spliced into the line would end it at its first "note".
  return checkAlertRule({
    ...rule.value,
    expiresAt: expiresAt.value,
    note,
    enabled: editing?.enabled ?? true,
  });
}
