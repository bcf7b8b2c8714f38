/**
 * The price axis: its range and its labels.
 *
 * Range: the data's, with a margin each side (what Chart.js's `grace: '5%'` gave), but never
 * below zero for data that is not: a price that spiked 1,000× and came back had its axis run
 * from −50,000 to 150,000, half of it prices no market has.
 *
 * Labels in plain decimals. Chart.js's own numeric labels switch to scientific
 * notation under 1e-4, so a coin priced 0.00001234 read "1.2340E-5" on its chart beside
 * "0.00001234" in its ladder, tape and watchlist, and an axis crossing a power of ten mixed
 * exponents ("9.95E-9" under "1.0000E-8"). Here every label keeps the decimals its step needs,
 * as Chart.js does for larger prices, grouped the same way, up to the most decimals a price
 * shows anywhere (MAX_INFERRED_DECIMALS); beyond them the watchlist, ladder and tape write a
 * price in exponent form (`state/format.ts`), and so does the axis.
 */
import type { Tick } from 'chart.js';
import { MAX_INFERRED_DECIMALS } from '../../../shared/price-decimals';

/** Most decimals a label shows (what toFixed-style formatting allows, and a feed's 1e-20). */
const MAX_DECIMALS = 20;

/** Significant digits a step between ticks is read to (see {@link stepDecimals}). */
const STEP_DIGITS = 6;

/** The decimals a step between ticks needs: 0.5 → 1, 0.25 → 2, 5e-11 → 11, 50 → 0. */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  // 6 significant digits: Chart.js's steps are 1, 2, 2.5 or 5 times a power of ten, and a step
  // taken as the difference of two ticks at 45,000 is 0.09999999999854481, noise from its 11th.
  const [mantissa, exponent] = step.toExponential(STEP_DIGITS - 1).split('e') as [string, string];
  const fraction = mantissa.split('.')[1]?.replace(/0+$/, '').length ?? 0;
  return Math.min(MAX_DECIMALS, Math.max(0, fraction - Number(exponent)));
}

/**
 * One formatter per number of decimals, made once: `toLocaleString` builds a formatter on each
 * call, and every chart labels its axis on every update.
 */
const FORMATS = Array.from(
  { length: MAX_DECIMALS + 1 },
  (_, d) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }),
);

/**
 * A y tick's label: its value with the decimals of the axis's step, in exponent form only on an
 * axis whose every price is below the last decimal a price shows anywhere.
 */
export function priceTickLabel(value: number | string, index: number, ticks: Tick[]): string {
  const v = Number(value);
  const next = ticks[index + 1] ?? ticks[index - 1];
  const step = next ? Math.abs(next.value - v) : Math.abs(v);
  if (step !== lastStep) {
    lastStep = step;
    lastDecimals = stepDecimals(step);
  }
  const top = Math.max(Math.abs(ticks[0]?.value ?? v), Math.abs(ticks.at(-1)?.value ?? v));
  return top < SMALLEST_SHOWN ? exponentLabel(v, step) : FORMATS[lastDecimals]!.format(v);
}

/** One unit of the last decimal a price shows anywhere; the watchlist writes less in exponents. */
const SMALLEST_SHOWN = Number(`1e-${MAX_INFERRED_DECIMALS}`);

/** `v` in exponent form with the digits that tell ticks `step` apart ("5.125e-11"). */
function exponentLabel(v: number, step: number): string {
  if (v === 0) return '0';
  const clean = Number(step.toPrecision(STEP_DIGITS));
  const digits = Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(clean));
  return v.toExponential(Math.min(Math.max(digits, 0), 15));
}

/** The last step's decimals: an axis's labels, frame after frame, share one step. */
let lastStep = NaN;
let lastDecimals = 0;

/** Margin each side of the data, as a share of its range (Chart.js's `grace: '5%'`). */
const GRACE_SHARE = 0.025;

/** Pads a y scale's data limits (its `afterDataLimits`), never below zero for data at or above. */
export function addGrace(scale: { min: number; max: number }): void {
  const pad = (scale.max - scale.min) * GRACE_SHARE;
  scale.min = scale.min >= 0 ? Math.max(0, scale.min - pad) : scale.min - pad;
  scale.max += pad;
}
