/**
 * The spread between two compared instruments, in basis points: (b − a) / a × 10 000 at every
 * moment either price changes, each side at its latest price then (an as-of join, so two
 * venues that tick at different times still line up). Cross-venue compare of one pair is the
 * use: Coinbase BTC-USD 3 bp above Kraken BTC/USD. Min-max decimated like the price lines.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { PRICE } from '../state/series-store';
import { MinMaxBuckets } from './min-max-buckets';
import type { XY } from './streaming';
import type { TimeRange } from './time-window';

/** Basis points in one whole (1 bp = 0.01 %). */
export const BP_PER_UNIT = 10_000;

/**
 * A spread axis label: signed, a tenth of a bp where a venue pair's few bp need it, whole bp
 * grouped in thousands from 100 up (two different instruments compared read "+50,200 bp", not
 * "+50200.0 bp").
 */
export function formatBp(bp: number): string {
  const digits = Math.abs(bp) >= 100 ? 0 : 1;
  const text = Math.abs(bp).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Signed as the watchlist's changes are (formatSigned): a true minus, none on a zero.
  const sign = Number(text.replace(/,/g, '')) === 0 ? '' : bp > 0 ? '+' : '−';
  return `${sign}${text} bp`;
}

/** `b` over `a` in bp from `range.start` to its end, in buckets of `bucketMs`. */
export function spreadLine(
  a: ColumnarRing,
  b: ColumnarRing,
  range: TimeRange,
  bucketMs: number,
): XY[] {
  const buckets = new MinMaxBuckets(bucketMs);
  buckets.begin();
  // Each side's price in effect at the start: its last point at or before it, if any.
  let i = a.lowerBound(range.start);
  let j = b.lowerBound(range.start);
  let pa = i > a.start ? a.at(i - 1, PRICE.price) : NaN;
  let pb = j > b.start ? b.at(j - 1, PRICE.price) : NaN;
  const emit = (t: number) => {
    if (pa > 0 && Number.isFinite(pb)) buckets.add(t, ((pb - pa) / pa) * BP_PER_UNIT);
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
