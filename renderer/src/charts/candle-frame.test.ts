import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { candleFrame, type SharedAxis } from './candle-frame';
import { ChartView } from './chart-view';

const T0 = Date.UTC(2026, 11, 7, 9);
const MS = 5_000;

/** `count` bars of `ms` from T0, each 98 to 102 around 100. */
function bars(count: number, ms = MS): ColumnarRing {
  const r = new ColumnarRing(64, 6);
  for (let i = 0; i < count; i++) r.push(T0 + i * ms, 100, 102, 98, 101, 10);
  return r;
}

/** No price line held: the candles keep an axis of their own. */
const noLine = (): SharedAxis => ({
  ring: new ColumnarRing(64, 2),
  windowMs: 300_000,
  view: new ChartView(),
});

describe('candleFrame', () => {
  it('without a price line draws the last candles, and keeps their axis once the bars are gone', () => {
    const ring = bars(3);
    const first = candleFrame(ring, MS, noLine(), null);
    expect(first.window.candles).toHaveLength(3);
    expect(first.newest).toBe(T0 + 2.5 * MS);
    expect(first.x.end).toBeGreaterThan(T0 + 2.5 * MS);
    expect(first.note).toBe('');
    ring.clear(); // a seek
    const emptied = candleFrame(ring, MS, noLine(), first.newest);
    expect(emptied.x).toEqual(candleFrame(bars(0), MS, noLine(), first.newest).x);
    expect(emptied.x.end).toBeGreaterThan(T0);
    expect(emptied.note).not.toBe('');
  });

  it('paints the candle a view inside it falls in, on its own high and low', () => {
    const MINUTE = 60_000;
    const ring = bars(5, MINUTE);
    const line = new ColumnarRing(64, 2);
    for (let t = T0; t <= T0 + 5 * MINUTE; t += 1_000) line.push(t, 100);
    const view = new ChartView();
    // Five seconds early in the third minute: no candle's middle on the axis.
    const at = T0 + 2 * MINUTE + 10_000;
    view.setRange(at - 2_500, at + 2_500, {
      live: { start: T0, end: T0 + 5 * MINUTE },
      oldest: T0,
    });
    const f = candleFrame(ring, MINUTE, { ring: line, windowMs: 300_000, view }, null);
    expect(f.inside?.x).toBe(T0 + 2.5 * MINUTE);
    expect([f.bounds.low, f.bounds.high]).toEqual([98, 102]);
    expect(f.note).toBe('');
  });
});
