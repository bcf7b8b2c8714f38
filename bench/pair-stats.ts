/**
 * Alternating pairs' figures: each pair measured the same thing without and with a change, one
 * after the other, so the ratio within a pair is what the change costs; the pairs' spread is
 * the noise. The median ratio, its range, and how many pairs met a target.
 */

/** One pair's figure without the change (`base`) and with it. */
export interface Pair {
  readonly base: number;
  readonly with: number;
}

export interface PairSummary {
  /** with / base, per pair, in the order measured. */
  readonly ratios: readonly number[];
  /** The median ratio (the mean of the middle two for an even count). */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Pairs whose ratio is at or under the target. */
  readonly met: number;
}

/** Summarises `pairs` (at least one) against `target`, a ratio. */
export function summarisePairs(pairs: readonly Pair[], target: number): PairSummary {
  if (pairs.length === 0) throw new RangeError('summarisePairs: no pairs');
  const ratios = pairs.map((p) => p.with / p.base);
  const sorted = [...ratios].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    ratios,
    median,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    met: ratios.filter((r) => r <= target).length,
  };
}

/** Whether pair `i` measures the base first: the order turns every pair, so drift hits both. */
export const baseFirst = (i: number): boolean => i % 2 === 0;
