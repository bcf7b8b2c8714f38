import type { Chart } from 'chart.js';
import { describe, expect, it, vi } from 'vitest';
import type { Candle } from './candle-window';
import { insideCandle, insideCandleCaption, insideCandlePlugin } from './inside-candle';
import { PALETTES } from './palette';

const MINUTE = 60_000;
/** A 1-minute candle of the minute starting at `start`, at its middle as candleWindow puts it. */
const candle = (start: number, o = 10, h = 12, l = 9, c = 11): Candle => ({
  x: start + MINUTE / 2,
  o,
  h,
  l,
  c,
});

describe('the candle a view narrower than a candle falls in (bug 186)', () => {
  const bars = [candle(0), candle(MINUTE), candle(2 * MINUTE)];

  it('is the candle whose minute holds the middle of a 5 s axis', () => {
    expect(insideCandle(bars, { start: 70_000, end: 75_500 }, MINUTE)).toBe(bars[1]);
    // Across a candle boundary, neither middle on the axis: the one the axis's middle is in.
    expect(insideCandle(bars, { start: 117_000, end: 124_000 }, MINUTE)).toBe(bars[2]);
  });

  it('is none when a candle has its middle on the axis (it is drawn), or no bar holds the view', () => {
    expect(insideCandle(bars, { start: 80_000, end: 100_000 }, MINUTE)).toBeNull();
    expect(insideCandle(bars, { start: 200_000, end: 205_000 }, MINUTE)).toBeNull();
  });

  it('says which candle it is, by its minute', () => {
    const start = new Date(2026, 11, 7, 10, 3).getTime();
    expect(insideCandleCaption(candle(start), MINUTE)).toBe(
      'Inside one candle, 10:03:00 to 10:04:00: zoom out to see the others',
    );
  });

  it('paints the candle across the plot on its price axis, and its caption', () => {
    const ctx = {
      save: vi.fn(),
      restore: vi.fn(),
      beginPath: vi.fn(),
      moveTo: vi.fn(),
      lineTo: vi.fn(),
      stroke: vi.fn(),
      fillRect: vi.fn(),
      strokeRect: vi.fn(),
      fillText: vi.fn(),
      measureText: (t: string) => ({ width: t.length * 6 }),
    };
    const chart = {
      ctx,
      chartArea: { left: 0, right: 400, top: 0, bottom: 200, width: 400, height: 200 },
      // Price 8 at the bottom (200 px) to 13 at the top (0 px).
      scales: { y: { bottom: 200, getPixelForValue: (v: number) => (13 - v) * 40 } },
    } as unknown as Chart;
    const inside = { candle: candle(0), intervalMs: MINUTE, palette: PALETTES.dark };
    insideCandlePlugin(inside).afterDatasetsDraw!(chart, {} as never, {} as never, {} as never);
    // The body from the open (10) up to the close (11), inset from the plot's sides.
    expect(ctx.fillRect).toHaveBeenCalledWith(24, 80, 352, 40);
    // The wick from the high (12) to the low (9), in the middle.
    expect(ctx.moveTo).toHaveBeenCalledWith(200.5, 40);
    expect(ctx.lineTo).toHaveBeenCalledWith(200.5, 160);
    expect(ctx.fillText.mock.calls.map((c) => c[0]).join(' ')).toMatch(/^Inside one candle, /);
    ctx.fillRect.mockClear();
    inside.candle = null as never;
    insideCandlePlugin(inside).afterDatasetsDraw!(chart, {} as never, {} as never, {} as never);
    expect(ctx.fillRect).not.toHaveBeenCalled();
  });
});
