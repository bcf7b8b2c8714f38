/**
 * Reference values for the indicator tests, computed the slow, obvious way (each point from the
 * definition over the whole series so far, like a spreadsheet column), so they share no code or
 * state with the incremental module under test. Plus a published worked example: StockCharts'
 * RSI table (ChartSchool, "Relative Strength Index", cs-rsi.xls), 14-period Wilder RSI.
 */

/** StockCharts' RSI example: 33 closes, and the 14-period RSI from the 15th close on (2 d.p.). */
export const STOCKCHARTS_RSI = {
  closes: [
    44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826,
    45.8931, 46.0328, 45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122,
    46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205,
    42.6628, 43.1314,
  ],
  rsi14: [
    70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99,
    41.46, 41.87, 45.46, 37.3, 33.08, 37.77,
  ],
};

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** SMA column: NaN for the first period - 1 rows. */
export function referenceSma(xs: readonly number[], n: number): number[] {
  return xs.map((_, i) => (i + 1 < n ? NaN : mean(xs.slice(i + 1 - n, i + 1))));
}

/** EMA column: the SMA of the first n values, then prev + 2/(n+1) × (x − prev). */
export function referenceEma(xs: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (i + 1 < n) out.push(NaN);
    else if (i + 1 === n) out.push(mean(xs.slice(0, n)));
    else out.push(out[i - 1]! + (2 / (n + 1)) * (xs[i]! - out[i - 1]!));
  }
  return out;
}

/** Bollinger columns [middle, upper, lower] with the population standard deviation. */
export function referenceBollinger(xs: readonly number[], n: number, k: number): number[][] {
  return xs.map((_, i) => {
    if (i + 1 < n) return [NaN, NaN, NaN];
    const w = xs.slice(i + 1 - n, i + 1);
    const m = mean(w);
    const sd = Math.sqrt(mean(w.map((x) => (x - m) ** 2)));
    return [m, m + k * sd, m - k * sd];
  });
}

/** Wilder RSI column, recomputed from the start for every row. */
export function referenceRsi(xs: readonly number[], n: number): number[] {
  return xs.map((_, i) => {
    if (i < n) return NaN;
    const ch = xs.slice(1, i + 1).map((x, j) => x - xs[j]!);
    let gain = mean(ch.slice(0, n).map((c) => Math.max(0, c)));
    let loss = mean(ch.slice(0, n).map((c) => Math.max(0, -c)));
    for (const c of ch.slice(n)) {
      gain = (gain * (n - 1) + Math.max(0, c)) / n;
      loss = (loss * (n - 1) + Math.max(0, -c)) / n;
    }
    return loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
  });
}

/** Session VWAP column: sums over the rows of the same UTC day up to this one. */
export function referenceVwap(
  rows: readonly { t: number; typical: number; volume: number }[],
): number[] {
  const day = (t: number) => Math.floor(t / 86_400_000);
  return rows.map((r, i) => {
    const session = rows.slice(0, i + 1).filter((s) => day(s.t) === day(r.t));
    const v = session.reduce((a, s) => a + s.volume, 0);
    return v > 0 ? session.reduce((a, s) => a + s.typical * s.volume, 0) / v : NaN;
  });
}

/** A seeded random walk of closes around `start` (deterministic, no Math.random). */
export function randomWalk(count: number, start: number, seed = 1): number[] {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: number[] = [];
  let x = start;
  for (let i = 0; i < count; i++) out.push((x += (next() - 0.5) * start * 0.002));
  return out;
}
