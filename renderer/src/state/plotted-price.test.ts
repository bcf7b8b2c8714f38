import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { plottedPrice, withPlottedPrice } from './plotted-price';
import type { RowView } from './row-view';

/** A quote-only instrument: its snapshot's last is 100, its mids have moved to 150. */
const row: RowView = {
  id: 'QUOT',
  name: 'Quoted only',
  decimals: 2,
  last: 100,
  change: 2,
  changePct: 2.04,
  bid: 149.99,
  ask: 150.01,
  bidSize: 1,
  askSize: 1,
  spread: 0.02,
  volume: 0,
  dir: 0,
  moves: 0,
};

function series(...prices: number[]): ColumnarRing {
  const ring = new ColumnarRing(16, 2);
  prices.forEach((p, i) => ring.push(1_000 + i, p));
  return ring;
}

describe('the price the chart plots', () => {
  it('is the series’ newest point, not the row’s last', () => {
    expect(plottedPrice(series(140, 150), 100)).toBe(150);
  });

  it('falls back while the series holds no point', () => {
    expect(plottedPrice(series(), 100)).toBe(100);
    expect(plottedPrice(series(), undefined)).toBeUndefined();
  });

  it('gives the head that price and its change from the session open', () => {
    const head = withPlottedPrice(row, series(150));
    expect(head.last).toBe(150);
    // The open is 98 (100 - 2): 150 is 52 above it.
    expect(head.change).toBe(52);
    expect(head.changePct).toBeCloseTo((52 / 98) * 100, 10);
  });

  it('keeps the row itself when the chart ends at its last', () => {
    expect(withPlottedPrice(row, series(100))).toBe(row);
  });
});
