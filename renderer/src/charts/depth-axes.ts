/**
 * Axis ticks for the depth chart, chosen as Chart.js chooses a linear axis's (its `niceNum`
 * steps of 1, 2 or 5 × 10ⁿ, bounds rounded out to whole steps, labels with the step's
 * decimals), so the chart drawn without Chart.js keeps the other charts' axes.
 */

/** An axis from `min` to `max` in whole `step`s, labels with `decimals` digits. */
export interface NiceAxis {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly decimals: number;
}

/** 1, 2, 5 or 10 × a power of ten, the smallest at least `range` (Chart.js `niceNum`). */
function niceNum(range: number): number {
  const rounded = Math.round(range);
  const r = Math.abs(range - rounded) <= range / 1000 ? rounded : range;
  const power = 10 ** Math.floor(Math.log10(r));
  const fraction = r / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/**
 * The axis over `[low, high]` with at most `maxTicks` ticks (at least 2). An empty range
 * widens by 5 % of its value each side (1 at zero), as Chart.js does, so a single level still
 * has an axis around its price: a whole unit made a 1e-8 coin's run from −1 to 1.
 */
export function niceAxis(low: number, high: number, maxTicks: number): NiceAxis {
  const widen = Math.abs(low * 0.05) || 1;
  const lo = high > low ? low : low - widen;
  const hi = high > low ? high : high + widen;
  const spaces = Math.max(1, Math.floor(maxTicks) - 1);
  let step = niceNum((hi - lo) / spaces);
  // Rounded out to whole steps the range can need one space more than allowed: widen once.
  const needed = Math.ceil(hi / step - 1e-9) - Math.floor(lo / step + 1e-9);
  if (needed > spaces) step = niceNum((needed * step) / spaces);
  const decimals = Math.max(0, Math.min(20, -Math.floor(Math.log10(step))));
  // Rounded to the step's decimals, so 0.1 + 0.2 shows and compares as 0.3.
  const round = (x: number) => Number(x.toFixed(decimals));
  return {
    min: round(Math.floor(lo / step + 1e-9) * step),
    max: round(Math.ceil(hi / step - 1e-9) * step),
    step,
    decimals,
  };
}

/** The tick values of an axis, low to high. */
export function axisTicks(axis: NiceAxis): number[] {
  const n = Math.round((axis.max - axis.min) / axis.step);
  return Array.from({ length: n + 1 }, (_, i) =>
    Number((axis.min + i * axis.step).toFixed(axis.decimals)),
  );
}

const formats = new Map<number, Intl.NumberFormat>();

/** A tick label as Chart.js writes it: grouped thousands, the step's decimals. */
export function tickLabel(value: number, decimals: number): string {
  let format = formats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formats.set(decimals, format);
  }
  return format.format(value);
}

/**
 * Label every n-th of `count` ticks so labels `labelPx` long (with their gap) fit in
 * `lengthPx`, as Chart.js's autoSkip does; the skipped ticks draw no grid line either.
 */
export function labelEvery(count: number, lengthPx: number, labelPx: number): number {
  const fit = Math.floor(lengthPx / labelPx + 1);
  return count <= fit ? 1 : Math.ceil(count / Math.max(1, fit));
}
