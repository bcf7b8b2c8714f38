import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { drawnRange, MIN_SPAN_MS, priceWindow } from './time-window';

function prices(...ts: number[]): ColumnarRing {
  const ring = new ColumnarRing(1_000, 2);
  for (const t of ts) ring.push(t, 100);
  return ring;
}

describe('priceWindow', () => {
  it('ends at the newest price and spans the window once it is full', () => {
    expect(priceWindow(prices(0, 200_000, 400_000), 60_000)).toEqual({
      start: 340_000,
      end: 400_000,
    });
  });

  it('shows the data held (at least the minimum span) while the window fills', () => {
    expect(priceWindow(prices(100_000, 150_000), 300_000)).toEqual({
      start: 100_000,
      end: 150_000,
    });
    expect(priceWindow(prices(100_000, 101_000), 300_000)).toEqual({
      start: 101_000 - MIN_SPAN_MS,
      end: 101_000,
    });
  });

  it('has no window before the first price', () => {
    expect(priceWindow(prices(), 60_000)).toBeUndefined();
  });
});

describe('drawnRange', () => {
  it('holds the whole period of the bar still forming, drawn at its middle after the newest price', () => {
    const BAR_MS = 60_000;
    // The newest price at the start, in the middle and at the end of the bar opened at 120 s.
    for (const newest of [120_000, 150_000, 179_999]) {
      const live = priceWindow(prices(0, 60_000, newest), 900_000)!;
      const x = drawnRange(live, BAR_MS);
      expect(x.start).toBe(live.start);
      expect(x.end).toBeGreaterThanOrEqual(120_000 + BAR_MS);
    }
  });
});
