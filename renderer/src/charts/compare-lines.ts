/**
 * Instruments compared on one axis: each price line as a % change from a common start, the
 * latest moment every line has data for within the window, so all lines start together at 0 %
 * and a 2 % rise means the same on each whatever the prices. Each line is min-max decimated
 * (min-max-buckets.ts), so it keeps spikes and breaks at halts like the single price chart.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { PRICE } from '../state/series-store';
import { MinMaxBuckets } from './min-max-buckets';
import type { XY } from './streaming';
import type { TimeRange } from './time-window';

/** Lines ready to draw: the shared x range, and per ring its % points and its base price. */
export interface PercentLines {
  readonly range: TimeRange;
  readonly lines: readonly (readonly XY[])[];
  /** Each line's price at the common start (what 0 % means), or NaN with no data. */
  readonly bases: readonly number[];
}

/**
 * The rings' prices over the last `windowMs` (ending at the newest price of any), in % from
 * the common start, in buckets of `bucketMs`. Undefined until every ring has a price.
 */
export function percentLines(
  rings: readonly ColumnarRing[],
  windowMs: number,
  bucketMs: number,
): PercentLines | undefined {
  if (rings.length === 0 || rings.some((r) => r.end === 0)) return undefined;
  const end = Math.max(...rings.map((r) => r.last(PRICE.t)));
  const windowStart = end - windowMs;
  // Each ring's first point in the window (a ring silent all window long: its last point).
  const start = Math.max(
    ...rings.map((r) => r.at(Math.min(r.lowerBound(windowStart), r.end - 1), PRICE.t)),
  );
  const bases: number[] = [];
  const lines = rings.map((ring) => {
    const from = ring.lowerBound(start);
    // The price in effect at the start: the last point at or before it (every ring has one).
    const atStart = from < ring.end && ring.at(from, PRICE.t) === start ? from : from - 1;
    const base = ring.at(atStart, PRICE.price);
    bases.push(base);
    const buckets = new MinMaxBuckets(bucketMs);
    buckets.begin();
    if (atStart < from) buckets.add(start, 0);
    for (let i = from; i < ring.end; i++) {
      buckets.add(ring.at(i, PRICE.t), (ring.at(i, PRICE.price) / base - 1) * 100);
    }
    buckets.end();
    return buckets.points;
  });
  return { range: { start, end }, lines, bases };
}
