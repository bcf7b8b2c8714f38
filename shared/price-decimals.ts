/**
 * How many decimals a price is shown with, when the venue declares none. Both the engine's
 * exchange adapters and the renderer use this rule, so a price is never widened by float noise.
 */

/**
 * Most decimals inferred from numbers: finer than any venue's tick we know of (8 for most
 * crypto pairs), and short of the 15th significant digit, where float noise begins.
 */
export const MAX_INFERRED_DECIMALS = 10;

/** Significant digits a double holds exactly; digits past them are noise of binary floating point. */
const EXACT_SIGNIFICANT_DIGITS = 15;

/**
 * Decimals of the shortest decimal that round-trips `value` at a double's exact precision,
 * capped at {@link MAX_INFERRED_DECIMALS}: 187.52919999999998 (float noise around 187.5292)
 * gives 4, 0.1 + 0.2 gives 1, 1e-7 gives 7. Zero for non-finite values.
 */
export function inferredDecimals(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  const text = Number(value.toPrecision(EXACT_SIGNIFICANT_DIGITS)).toString();
  const exp = /e-(\d+)$/.exec(text);
  const mantissa = exp ? text.slice(0, exp.index) : text;
  const dot = mantissa.indexOf('.');
  const fraction = dot === -1 ? 0 : mantissa.length - dot - 1;
  const decimals = exp ? fraction + Number(exp[1]) : fraction;
  return Math.min(MAX_INFERRED_DECIMALS, decimals);
}

/**
 * `a - b` in the decimals of the two prices: 77.76 - 77.07 is 0.6900000000000119 in binary
 * floating point, a spread that an alert on "spread above 0.69" would take for more than 0.69.
 */
export function priceDifference(a: number, b: number): number {
  return Number((a - b).toFixed(Math.max(inferredDecimals(a), inferredDecimals(b))));
}

/** `value` cut to the digits a double holds exactly: 10.149999999999999 (a mid) reads 10.15. */
export function withoutFloatNoise(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(EXACT_SIGNIFICANT_DIGITS)) : value;
}
