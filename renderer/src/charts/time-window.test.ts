import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import {
  drawnRange,
  MIN_SPAN_MS,
  priceWindow,
  viewOfDrawn,
  ZOOMED_ROOM_FRACTION,
  type TimeRange,
} from './time-window';

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

describe('a zoomed view', () => {
  const BAR_MS = 60_000;
  const LIVE: TimeRange = { start: 1_000_000 - 900_000, end: 1_000_000 };
  const view = (spanMs: number): TimeRange => ({ start: LIVE.end - spanMs, end: LIVE.end });

  it('keeps a bar of room at the live window’s own span, and while the window fills', () => {
    expect(drawnRange(LIVE, BAR_MS, LIVE).end).toBe(LIVE.end + BAR_MS);
    const filling = { start: LIVE.end - MIN_SPAN_MS, end: LIVE.end };
    expect(drawnRange(filling, BAR_MS, filling).end).toBe(LIVE.end + BAR_MS);
  });

  it('zoomed to 5 s on 1-minute candles, leaves a tenth of its span, not a whole bar', () => {
    // Before: 5 s of prices, then 60 s of nothing: the line in the chart's left twelfth.
    const x = drawnRange(view(5_000), BAR_MS, LIVE);
    expect(x.end - LIVE.end).toBe(5_000 * ZOOMED_ROOM_FRACTION);
    // Zoomed out far enough, a bar again.
    expect(drawnRange(view(800_000), BAR_MS, LIVE).end).toBe(LIVE.end + BAR_MS);
  });

  it('is found again from the range drawn, whatever the room (the zoom plugin’s new axis)', () => {
    for (const span of [5_000, 30_000, 599_999, 600_000, 700_000, 900_000]) {
      const shown = view(span);
      const again = viewOfDrawn(drawnRange(shown, BAR_MS, LIVE), BAR_MS, LIVE);
      expect(again.start).toBe(shown.start);
      expect(again.end).toBeCloseTo(shown.end, 6);
    }
  });
});
