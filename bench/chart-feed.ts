/**
 * The chart benches' data (bench/chart-redraw-page.ts, bench/chart-ab-page.ts): a seeded price
 * walk into a price ring and its 1-second bars, a point every 30 ms, `points` held already.
 */
import { BAR } from '../renderer/src/state/series-store';
import { ColumnarRing } from '../shared/columnar-ring';
import { walker } from './dashboard-frames';

const POINT_SPACING_MS = 30;
export const BAR_MS = 1_000;

export function chartFeed(points: number) {
  const walk = walker(1);
  const prices = new ColumnarRing(20_000, 2);
  const bars = new ColumnarRing(600, 6);
  let t = Date.now() - points * POINT_SPACING_MS;
  /** The next `n` points, each into the prices and its bar. */
  const add = (n: number) => {
    for (let k = 0; k < n; k++) {
      t += POINT_SPACING_MS;
      const p = walk();
      prices.push(t, p);
      const start = Math.floor(t / BAR_MS) * BAR_MS;
      if (bars.length > 0 && bars.last(BAR.t) === start) {
        bars.setLast(BAR.h, Math.max(bars.last(BAR.h), p));
        bars.setLast(BAR.l, Math.min(bars.last(BAR.l), p));
        bars.setLast(BAR.c, p);
        bars.setLast(BAR.v, bars.last(BAR.v) + 1);
      } else bars.push(start, p, p, p, p, 1);
    }
  };
  add(points);
  return { prices, bars, add };
}
