/**
 * Exact decimals as exchanges send them. Prices stay decimal text until the one conversion to
 * a number for charts and ticks; display precision comes from the text, never from the float,
 * so "0.1" + "0.2" is never shown as 0.30000000000000004.
 */

/** A decimal number as the exchange wrote it, plus its one numeric conversion. */
export interface ExactDecimal {
  /** Canonical text: no exponent, no leading zeros, sign only when negative, e.g. "0.0010". */
  readonly text: string;
  readonly value: number;
  /** Digits after the point that carry information (trailing zeros dropped). */
  readonly decimals: number;
}

const DECIMAL_TEXT = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** Text that is already canonical: no exponent, no leading zeros ("0.10025", "740.0", "-3"). */
const CANONICAL_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** Largest exponent we expand; beyond it the text is not a price or size any feed sends. */
const MAX_EXPONENT = 40;

/**
 * Parses decimal text ("25.35190000", "740.0", "1e-7"); null if it is not a plain decimal.
 * Exponent forms are expanded to plain digits so the text stays exact.
 */
export function parseDecimalText(text: string): ExactDecimal | null {
  // Nearly every price and size on the wire is already canonical: one test, no rebuilding
  // (replay translates whole recordings through here). A negative zero is canonicalised below.
  if (CANONICAL_DECIMAL.test(text)) {
    const value = Number(text);
    if (value !== 0 || text.charCodeAt(0) !== MINUS)
      return { text, value, decimals: significantDecimals(text) };
  }
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return null;
  const [, sign = '', intPart = '0', fracPart = '', expText] = m;
  let digits = intPart + fracPart;
  let point = intPart.length;
  if (expText !== undefined) {
    const exp = Number(expText);
    if (Math.abs(exp) > MAX_EXPONENT) return null;
    point += exp;
    if (point < 0) {
      digits = '0'.repeat(-point) + digits;
      point = 0;
    } else if (point > digits.length) {
      digits += '0'.repeat(point - digits.length);
    }
  }
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = digits.slice(point);
  const canonical = frac ? `${whole}.${frac}` : whole;
  const zero = /^[0.]*$/.test(canonical);
  const out = zero || !sign ? canonical : `-${canonical}`;
  return { text: out, value: Number(out), decimals: frac.replace(/0+$/, '').length };
}

const MINUS = 45;
const ZERO = 48;

/** Digits after the point of canonical text, trailing zeros not counted. */
function significantDecimals(text: string): number {
  const dot = text.indexOf('.');
  if (dot === -1) return 0;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === ZERO) end--;
  return end - dot - 1;
}

/** Digits after the point as written on the wire ("45281.0" has 1, where `decimals` is 0). */
export function writtenDecimals(d: ExactDecimal): number {
  const dot = d.text.indexOf('.');
  return dot === -1 ? 0 : d.text.length - dot - 1;
}

/**
 * Decimal text of a JSON number. Exact for every number that came from JSON text of up to 15
 * significant digits (JavaScript prints the shortest text that round-trips); trailing zeros of
 * the wire text are gone, which {@link padDecimal} restores from the instrument's precision.
 */
export function numberToDecimal(value: number): ExactDecimal | null {
  return Number.isFinite(value) ? parseDecimalText(String(value)) : null;
}

/**
 * The text with exactly `places` digits after the point (zeros added, or trailing zeros
 * removed). Digits beyond `places` that are not zeros are kept: rounding would invent a value.
 */
export function padDecimal(text: string, places: number): string {
  const dot = text.indexOf('.');
  const whole = dot === -1 ? text : text.slice(0, dot);
  let frac = dot === -1 ? '' : text.slice(dot + 1);
  if (frac.length < places) frac += '0'.repeat(places - frac.length);
  else if (frac.length > places)
    frac = frac.slice(0, places) + frac.slice(places).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

/**
 * Display text of a price converted once to a number, with the decimals the exchange's text
 * carried. `formatPrice(Number("0.3"), 1)` is "0.3" whatever float noise the sum of two
 * prices had, because the decimals come from the text, not the float.
 */
export function formatPrice(value: number, decimals: number): string {
  return value.toFixed(Math.min(Math.max(decimals, 0), 20));
}

/**
 * A function that turns the number values of `keys` in JSON text into strings, so JSON.parse
 * keeps their exact text ("740.0" stays "740.0", long values are not rounded). Only real keys
 * match: a key followed by `":` cannot occur inside a JSON string, whose quotes are escaped.
 */
export function numberQuoter(keys: readonly string[]): (json: string) => string {
  const number = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
  const pattern = new RegExp(String.raw`"(${keys.join('|')})":\s*(${number})`, 'g');
  return (json) => json.replace(pattern, '"$1":"$2"');
}
