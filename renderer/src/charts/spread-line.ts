/**
 * The spread between two compared instruments at every moment either price changes, each side
 * at its latest price then (an as-of join, so two venues that tick at different times still
 * line up): Coinbase BTC-USD 3 bp above Kraken BTC/USD, or, for two different instruments, the
 * gap between their % moves (spread-unit.ts). Min-max decimated like the price lines.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { PRICE } from '../state/series-store';
import { MinMaxBuckets } from './min-max-buckets';
import type { XY } from './streaming';
import type { TimeRange } from './time-window';

/**
 * The spread of `b` over `a` by `measure` (spread-unit.ts: bp, or the difference of their %
 * moves) from `range.start` to its end, in buckets of `bucketMs`.
 */
export function spreadLine(
  a: ColumnarRing,
  b: ColumnarRing,
  range: TimeRange,
  bucketMs: number,
  measure: (pa: number, pb: number) => number,
): XY[] {
  const buckets = new MinMaxBuckets(bucketMs);
  buckets.begin();
  // Each side's price in effect at the start: its last point at or before it, if any.
  let i = a.lowerBound(range.start);
  let j = b.lowerBound(range.start);
  let pa = i > a.start ? a.at(i - 1, PRICE.price) : NaN;
  let pb = j > b.start ? b.at(j - 1, PRICE.price) : NaN;
  const emit = (t: number) => {
    const value = measure(pa, pb);
    if (pa > 0 && Number.isFinite(value)) buckets.add(t, value);
  };
  emit(range.start);
  while (i < a.end || j < b.end) {
    const ta = i < a.end ? a.at(i, PRICE.t) : Infinity;
    const tb = j < b.end ? b.at(j, PRICE.t) : Infinity;
    const t = Math.min(ta, tb);
    if (t > range.end) break;
    if (ta === t) pa = a.at(i++, PRICE.price);
    if (tb === t) pb = b.at(j++, PRICE.price);
    emit(t);
  }
  buckets.end();
  return buckets.points;
}
