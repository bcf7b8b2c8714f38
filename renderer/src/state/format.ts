/** Display formatting: fixed decimals and tabular layout so numbers never jump around. */
import { MAX_INFERRED_DECIMALS } from '../../../shared/price-decimals';

/** A duration as m:ss or h:mm:ss: the host's messages say spans of time the same way. */
export { formatDuration } from '../../../shared/duration';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Significant digits of a value written in exponent form: as many as a ladder tells apart. */
const EXPONENT_DIGITS = 4;
/** One unit of the last of `d` decimals, read as written (`10 ** -4` is 0.00009999999999999999). */
const UNITS = Array.from({ length: 101 }, (_, d) => Number(`1e-${d}`));

/**
 * `Math.abs(value)` with `decimals` digits after the point, or, at the most decimals a price is
 * given (MAX_INFERRED_DECIMALS) and below one unit of the last of them, in exponent form
 * ("5.123e-11"): a coin quoted at 5.1e-11 read 0.0000000001, and one at 4e-11 read
 * 0.0000000000. Below that cap an instrument's decimals hold every price on its grid, and a
 * difference of two prices below one unit of the last is float noise (47.85 − 47.86 is
 * −0.00999999999999801), rounded as before.
 */
function magnitude(value: number, decimals: number): string {
  const abs = Math.abs(value);
  return decimals < MAX_INFERRED_DECIMALS || abs === 0 || abs >= UNITS[decimals]!
    ? abs.toFixed(decimals)
    : abs.toExponential(EXPONENT_DIGITS - 1);
}

/**
 * A price with the instrument's decimals, or in exponent form when it is below their last
 * digit (see {@link magnitude}); an em dash when unknown.
 */
export function formatPrice(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 0 ? `-${magnitude(value, decimals)}` : magnitude(value, decimals);
}

/** `text` (a magnitude) signed as `value` is: a true minus, same width as plus; none on a zero. */
function signed(text: string, value: number): string {
  if (Number(text) === 0) return ` ${text}`;
  return `${value > 0 ? '+' : '−'}${text}`;
}

/**
 * A signed change in price, e.g. "+1.25" / "−0.40", in exponent form below the decimals' last
 * digit as a price is.
 */
export function formatSigned(value: number, decimals: number): string {
  return Number.isFinite(value) ? signed(magnitude(value, decimals), value) : '—';
}

/** A signed percentage with two decimals: a move of 0.001 % is " 0.00%", as any other. */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${signed(Math.abs(value).toFixed(2), value)}%` : '—';
}

/** A large count, e.g. 1.2M. */
export function formatCompact(value: number): string {
  return Number.isFinite(value) ? compact.format(value) : '—';
}

/** A rate or duration rounded for the health bar; em dash when unknown. */
export function formatNumber(value: number | null | undefined, decimals = 0): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : value.toFixed(decimals);
}

/**
 * An order or trade size: whole lots as they are, fractions (a crypto venue's 0.0012 BTC) with
 * enough digits to tell them apart, never rounded to a misleading 0.
 */
export function formatSize(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toFixed(0);
  const digits = Math.abs(value) < 1 ? Number(value.toPrecision(3)) : Number(value.toFixed(4));
  return String(digits);
}

/** Bytes as B/KB/MB/GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** Match clock as a football minute, e.g. 45+2' is shown as 47'. */
export function formatMatchClock(clockMs: number): string {
  const min = Math.floor(clockMs / 60_000);
  const sec = String(Math.floor((clockMs % 60_000) / 1000)).padStart(2, '0');
  return `${min}:${sec}`;
}

/** Wall-clock time of day, HH:MM:SS. */
export function formatTime(ts: number): string {
  const d = new Date(ts);
  return [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

/**
 * When something happened, for a list kept across days (the alert log): HH:MM:SS on the day
 * of `now`, with its date (YYYY-MM-DD) before that day.
 */
export function formatMoment(ts: number, now: number): string {
  const d = new Date(ts);
  const today = new Date(now);
  const sameDay =
    d.getFullYear() === today.getFullYear() &&
    d.getMonth() === today.getMonth() &&
    d.getDate() === today.getDate();
  if (sameDay) return formatTime(ts);
  const date = [d.getFullYear(), d.getMonth() + 1, d.getDate()]
    .map((n) => String(n).padStart(2, '0'))
    .join('-');
  return `${date} ${formatTime(ts)}`;
}
