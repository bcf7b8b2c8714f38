import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import {
  MAX_CANDLES,
  candleWindow,
  idleTimeRange,
  priceBounds,
  volumeBounds,
} from './candle-window';

const T0 = Date.UTC(2026, 11, 3, 9);
const MS = 5_000;

/** `count` 5-second bars from T0: bar i opens at 100 + i, spans 2 either side, volume 10 + i. */
function bars(count: number): ColumnarRing {
  const r = new ColumnarRing(1_024, 6);
  for (let i = 0; i < count; i++) r.push(T0 + i * MS, 100 + i, 102 + i, 98 + i, 101 + i, 10 + i);
  return r;
}

describe('candleWindow', () => {
  it('draws each bar at the middle of its period, with its volume at the same x', () => {
    const w = candleWindow(bars(3), MS, undefined);
    expect(w.candles).toEqual([
      { x: T0 + MS / 2, o: 100, h: 102, l: 98, c: 101 },
      { x: T0 + 1.5 * MS, o: 101, h: 103, l: 99, c: 102 },
      { x: T0 + 2.5 * MS, o: 102, h: 104, l: 100, c: 103 },
    ]);
    expect(w.volume).toEqual(w.candles.map((c, i) => ({ x: c.x, y: 10 + i })));
    expect([w.low, w.high, w.maxVolume]).toEqual([98, 104, 12]);
  });

  it('keeps the bars that end inside the range, the one entering at the left edge included', () => {
    const w = candleWindow(bars(20), MS, { start: T0 + 5 * MS + 1, end: T0 + 9 * MS });
    expect(w.candles.map((c) => c.o)).toEqual([105, 106, 107, 108, 109]);
  });

  it('draws at most MAX_CANDLES, the newest', () => {
    const w = candleWindow(bars(MAX_CANDLES + 50), MS, undefined);
    expect(w.candles).toHaveLength(MAX_CANDLES);
    expect(w.candles.at(-1)!.o).toBe(100 + MAX_CANDLES + 49);
  });

  it('finds nothing in an empty ring', () => {
    const w = candleWindow(bars(0), MS, undefined);
    expect(w.candles).toEqual([]);
    expect(w.maxVolume).toBe(0);
  });
});

describe('idleTimeRange', () => {
  it('spans 30 candles at first, then widens with the bars up to MAX_CANDLES', () => {
    expect(idleTimeRange(T0, 1, MS)).toEqual({ start: T0 - 30 * MS, end: T0 + MS / 2 });
    expect(idleTimeRange(T0, 100, MS).start).toBe(T0 - 104 * MS);
    expect(idleTimeRange(T0, 500, MS).start).toBe(T0 - MAX_CANDLES * MS);
  });
});

describe('priceBounds', () => {
  it('pads the candles range by a tenth on each side', () => {
    const b = priceBounds(candleWindow(bars(3), MS, undefined));
    expect(b.min).toBeCloseTo(98 - 0.6, 9);
    expect(b.max).toBeCloseTo(104 + 0.6, 9);
  });

  it('stops the padding at zero: a 1,000× spike and back puts no negative price on the axis', () => {
    const spike = new ColumnarRing(4, 6);
    spike.push(T0, 99, 100_000, 99, 100_000, 1);
    spike.push(T0 + MS, 100_000, 100_000, 100, 100, 1);
    expect(priceBounds(candleWindow(spike, MS, undefined))).toEqual({ min: 0, max: 109_990.1 });
  });

  it('gives a flat single bar a range around its price, and none without candles', () => {
    const flat = new ColumnarRing(4, 6);
    flat.push(T0, 50, 50, 50, 50, 1);
    const b = priceBounds(candleWindow(flat, MS, undefined));
    expect(b.min).toBeCloseTo(49.95, 9);
    expect(b.max).toBeCloseTo(50.05, 9);
    expect(priceBounds(candleWindow(bars(0), MS, undefined))).toEqual({
      min: undefined,
      max: undefined,
    });
  });
});

describe('volumeBounds', () => {
  it('lets the tallest bar reach a quarter of the price pane', () => {
    expect(volumeBounds(250, 0)).toEqual({ min: -0, max: 1_000 });
  });

  it('lifts the bars above the RSI pane when it is shown', () => {
    const b = volumeBounds(250, 0.2);
    // The price pane is the top 80%; a quarter of it is 20% of the height, above the RSI's 20%.
    expect(250 - b.min).toBeCloseTo(0.4 * (b.max - b.min), 9);
    expect(-b.min).toBeCloseTo(0.2 * (b.max - b.min), 9);
  });
});
