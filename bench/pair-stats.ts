/**
 * Alternating pairs' figures: each pair measured the same thing without and with a change, one
 * after the other (or side by side, one started first), so the ratio within a pair is what the
 * change costs; the pairs' spread is the noise. The median ratio, its range, how many pairs met
 * a target, and the same for the order-balanced ratios (each two pairs, one each way round,
 * combined), with their median's 95 % interval (median-interval.ts), which says whether the
 * median is under the target at all.
 */
import { medianInterval, type MedianInterval } from './median-interval';

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
  /** {@link balancedRatios} of `ratios`. */
  readonly balanced: readonly number[];
  /** Their median (NaN under two pairs). */
  readonly balancedMedian: number;
  /** Their median's 95 % interval; null under 6 of them (12 pairs). */
  readonly interval: MedianInterval | null;
}

function medianOf(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Each two pairs measured in turn (pairs 2j and 2j + 1, one each way round: baseFirst) as one
 * ratio, the geometric mean of theirs; an odd last pair is left out. Whichever arm is started
 * first reads higher: with both engines side by side and neither carrying rules, the first read
 * 1.02–1.09× the second (docs/PERFORMANCE.md, "Alerts at scale: the order of the arms"). A
 * single pair's ratio carries that bias one way or the other, which widens the spread; the two
 * ways round cancel it.
 */
export function balancedRatios(ratios: readonly number[]): number[] {
  const out: number[] = [];
  for (let j = 0; 2 * j + 1 < ratios.length; j++)
    out.push(Math.sqrt(ratios[2 * j]! * ratios[2 * j + 1]!));
  return out;
}

/** Summarises `pairs` (at least one) against `target`, a ratio. */
export function summarisePairs(pairs: readonly Pair[], target: number): PairSummary {
  if (pairs.length === 0) throw new RangeError('summarisePairs: no pairs');
  const ratios = pairs.map((p) => p.with / p.base);
  const balanced = balancedRatios(ratios);
  return {
    ratios,
    median: medianOf(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    met: ratios.filter((r) => r <= target).length,
    balanced,
    balancedMedian: medianOf(balanced),
    interval: medianInterval(balanced),
  };
}

/** Whether pair `i` measures the base first: the order turns every pair, so drift hits both. */
export const baseFirst = (i: number): boolean => i % 2 === 0;
