/**
 * A distribution-free confidence interval for the median of a few noisy figures (the pairs'
 * ratios): two of the sorted figures, chosen by the binomial law, since each figure falls
 * under the true median with chance one half whatever the noise's shape. A pair's ratio on
 * this machine is not normal (a slow minute makes one pair read 1.46×), so a mean and its
 * standard error would mislead; a count of pairs under a target says nothing of how sure it is.
 * The interval says whether the median is under a target, over it, or not told apart from it.
 */

export interface MedianInterval {
  readonly low: number;
  readonly high: number;
  /** The chance the interval holds the true median (at least the level asked). */
  readonly coverage: number;
}

/** P(X <= k) for X ~ Binomial(n, 1/2). */
function halfBinomialCdf(n: number, k: number): number {
  let term = 2 ** -n;
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term *= (n - i) / (i + 1);
  }
  return sum;
}

/**
 * The interval [x(k), x(n+1-k)] of the sorted `figures` for the largest k whose two tails each
 * hold at most (1 - `level`) / 2; null when there are too few figures for `level` (fewer than
 * 6 for 95 %).
 */
export function medianInterval(figures: readonly number[], level = 0.95): MedianInterval | null {
  if (!(level > 0 && level < 1))
    throw new RangeError(`medianInterval: level ${level} not in (0, 1)`);
  const n = figures.length;
  const tail = (1 - level) / 2;
  let k = 0;
  while (k + 1 <= n - k && halfBinomialCdf(n, k) <= tail) k++;
  if (k === 0) return null;
  const sorted = [...figures].sort((a, b) => a - b);
  return {
    low: sorted[k - 1]!,
    high: sorted[n - k]!,
    coverage: 1 - 2 * halfBinomialCdf(n, k - 1),
  };
}

/** Where the median stands against an aim of "at most `target`", by its interval. */
export function againstTarget(interval: MedianInterval | null, target: number): string {
  if (interval === null) return 'too few pairs for an interval';
  if (interval.high <= target) return 'met (the interval is at or under the target)';
  if (interval.low > target) return 'NOT met (the interval is over the target)';
  return 'not told apart (the interval holds the target)';
}
