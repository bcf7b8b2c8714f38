/**
 * The field checks the alert rules' readers share (the JSON check, ./alert-check.ts; the
 * condition check, ./alert-condition-check.ts; the rule line, ./alert-line.ts): each returns
 * null for a value it admits, else a message naming the field and quoting the value.
 */
import { formatDuration } from './alerts';
import { MAX_ALERT_WINDOW_MS } from './limits';

/** A check's failure, as the readers return it. */
export type Fail = { readonly ok: false; readonly error: string };
/** The failure that says `error`. */
export const fail = (error: string): Fail => ({ ok: false, error });

/**
 * Null when `v` is a finite number from `min` (or above it, when `open`) to `max`. `given` is
 * what the user wrote (`"2e15"`), quoted in the message rather than the number it reads as.
 */
export function checkNumber(
  what: string,
  v: unknown,
  min: number,
  max: number,
  open = false,
  given: unknown = v,
): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v))
    return `${what}: expected a number, got ${show(given)}`;
  if ((open ? v <= min : v < min) || v > max)
    return `${what}: expected ${numberRange(min, max, open)}, got ${show(given)}`;
  return null;
}

/** The bounds of a number as the messages say them: `at least 0 and at most 100`. */
export function numberRange(min: number, max: number, open = false): string {
  return `${open ? 'more than' : 'at least'} ${min} and at most ${max}`;
}

/**
 * A rule's window: whole ms, bounded. `given` is what the user wrote (`"2h"`), quoted in the
 * message rather than the ms it reads as.
 */
export function checkWindow(what: string, v: unknown, given: unknown = v): string | null {
  return Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_ALERT_WINDOW_MS
    ? null
    : `${what}: expected a window from 1ms to ${formatDuration(MAX_ALERT_WINDOW_MS)}, got ${show(given)}`;
}

/** A value as an error message quotes it: strings cut at 40 characters. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return String(v);
  return v === null ? 'null' : typeof v;
}

/** Null when `v` is one of `allowed`. */
export function checkOneOf<T>(what: string, v: unknown, allowed: readonly T[]): string | null {
  return allowed.includes(v as T)
    ? null
    : `${what}: expected one of ${allowed.join(', ')}, got ${show(v)}`;
}
