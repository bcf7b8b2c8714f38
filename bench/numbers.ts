/** Figures for bench notes: percentiles and short series. */

/** Nearest-rank percentile (0..1); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Formats a list of numbers for a note: `1.2 / 3.4 / 5`. */
export function series(values: readonly number[], digits = 3): string {
  return values.map((v) => Number(v.toPrecision(digits)).toString()).join(' / ');
}

/** The middle value (the upper of the two middles when even); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}

/** A figure for a note: whole and grouped from 100 up, three significant digits below. */
export function figure(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}

/** `min–max` of a list, as {@link figure}s. */
export function range(values: readonly number[]): string {
  return `${figure(Math.min(...values))}–${figure(Math.max(...values))}`;
}
