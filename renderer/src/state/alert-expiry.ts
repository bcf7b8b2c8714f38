/**
 * The alert form's Expires field: when a rule stops firing, as a trader says it (in 2 h, at
 * 17:30, on a date), read in the page's local time. The grammar's `expires 2h` is a duration
 * from now only, which cannot show a saved rule's expiry again when it is edited.
 */
import { parseDurationMs, type AlertChecked } from '../../../protocol/alerts';
import { MAX_ALERT_EXPIRY_MS } from '../../../protocol/limits';
import { formatMoment } from './format';

/** What the field takes, for its errors and placeholder. */
export const EXPIRY_HINT = 'a duration like 2h, a time today like 17:30, or 2026-12-31 17:30';

/** The field's text for a rule's expiry (null: never): its local time, with the date when not today. */
export function expiryText(expiresAt: number | null, now: number): string {
  return expiresAt === null ? '' : formatMoment(expiresAt, now);
}

/**
 * The field read at `now`: null for never (empty), else the epoch ms it names. A time that has
 * passed is refused, naming it: the rule would read expired the moment it was saved.
 */
export function readExpiry(text: string, now: number): AlertChecked<number | null> {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  const fail = (why: string): AlertChecked<number | null> => ({
    ok: false,
    error: `expires: ${why}`,
  });
  const ms = parseDurationMs(t);
  if (ms !== null)
    return ms > 0 && ms <= MAX_ALERT_EXPIRY_MS
      ? { ok: true, value: now + ms }
      : fail(`expected a duration from now of at most a year, got ${JSON.stringify(t)}`);
  const at = localTime(t, now);
  if (at === null) return fail(`expected ${EXPIRY_HINT}, got ${JSON.stringify(t.slice(0, 40))}`);
  if (at <= now) return fail(`${t} has passed (local time)`);
  if (at - now > MAX_ALERT_EXPIRY_MS) return fail(`${t} is more than a year away`);
  return { ok: true, value: at };
}

/** `HH:MM[:SS]` today, or `YYYY-MM-DD HH:MM[:SS]`, in local time; null when not a real time. */
function localTime(text: string, now: number): number | null {
  const m = /^(?:(\d{4})-(\d{2})-(\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (m === null) return null;
  const today = new Date(now);
  const [y, mo, d] = m[1]
    ? [Number(m[1]), Number(m[2]) - 1, Number(m[3])]
    : [today.getFullYear(), today.getMonth(), today.getDate()];
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const date = new Date(y, mo, d, h, mi, s);
  // Date rolls 2026-02-30 over to March and 25:00 to the next day: those are not times.
  const same =
    date.getFullYear() === y &&
    date.getMonth() === mo &&
    date.getDate() === d &&
    date.getHours() === h &&
    date.getMinutes() === mi &&
    date.getSeconds() === s;
  return same ? date.getTime() : null;
}
