import { describe, expect, it, vi } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { SPARKLINE_POINTS } from '../../../shared/history-budget';
import {
  SPARKLINE_HEIGHT_PX,
  SPARKLINE_REDRAW_INTERVAL_MS,
  SPARKLINE_WIDTH_PX,
  Sparkline,
} from './sparkline';

const COLORS = { up: 'blue', down: 'orange' };

/** A sparkline on a canvas whose 2D context records strokes (jsdom has no canvas). */
function setup() {
  const ctx = {
    strokeStyle: '',
    lineWidth: 0,
    setTransform: vi.fn(),
    clearRect: vi.fn(),
    beginPath: vi.fn(),
    moveTo: vi.fn(),
    lineTo: vi.fn(),
    stroke: vi.fn(),
  };
  const canvas = document.createElement('canvas');
  const getContext = vi.fn(() => ctx as unknown as CanvasRenderingContext2D);
  canvas.getContext = getContext as unknown as HTMLCanvasElement['getContext'];
  const ring = new ColumnarRing(1_000, 2);
  let now = 1_000;
  const spark = new Sparkline(canvas, ring, COLORS, () => now);
  const push = (price: number) => ring.push(now, price);
  const advance = (ms: number) => (now += ms);
  return { ctx, canvas, getContext, ring, spark, push, advance };
}

describe('Sparkline', () => {
  it('draws at once the first time, then at most once per redraw interval', () => {
    const { ctx, spark, push, advance } = setup();
    push(10);
    push(11);
    expect(spark.draw()).toBe(true);
    expect(ctx.stroke).toHaveBeenCalledTimes(1);
    // New data every frame for just under the interval: no redraw yet.
    for (let t = 16; t < SPARKLINE_REDRAW_INTERVAL_MS; t += 16) {
      advance(16);
      push(11 + t / 1_000);
      expect(spark.draw()).toBe(false);
    }
    advance(SPARKLINE_REDRAW_INTERVAL_MS);
    expect(spark.draw()).toBe(true);
    expect(ctx.stroke).toHaveBeenCalledTimes(2);
  });

  it('does not redraw when nothing changed, however long it waits', () => {
    const { spark, push, advance } = setup();
    push(10);
    push(11);
    spark.draw();
    advance(10 * SPARKLINE_REDRAW_INTERVAL_MS);
    expect(spark.draw()).toBe(false);
  });

  it('redraws at once in new colours', () => {
    const { ctx, spark, push, advance } = setup();
    push(10);
    push(11);
    spark.draw();
    advance(16);
    spark.setColors({ up: 'navy', down: 'red' });
    expect(spark.draw()).toBe(true);
    expect(ctx.strokeStyle).toBe('navy');
    // The same colours again are not a change.
    advance(16);
    push(9);
    spark.setColors({ up: 'navy', down: 'red' });
    expect(spark.draw()).toBe(false);
  });

  it('strokes in the down colour when the window ends below where it began', () => {
    const { ctx, spark, push } = setup();
    push(10);
    push(12);
    push(9);
    spark.draw();
    expect(ctx.strokeStyle).toBe(COLORS.down);
    expect(ctx.lineTo).toHaveBeenCalledTimes(2);
  });

  it('plots every point left to right in time, higher prices higher up, across the canvas', () => {
    const { ctx, spark, push } = setup();
    const prices = [10, 30, 20, 25, 15];
    for (const price of prices) push(price);
    spark.draw();
    const points = [ctx.moveTo.mock.calls[0]!, ...ctx.lineTo.mock.calls] as [number, number][];
    const [w, h] = [SPARKLINE_WIDTH_PX, SPARKLINE_HEIGHT_PX];
    // Evenly spaced from a 1 px margin on the left to 1 px from the right edge.
    expect(points.map(([x]) => x)).toEqual(prices.map((_, i) => 1 + (i * (w - 2)) / 4));
    // Canvas y grows downwards: the low (10) on the bottom margin, the high (30) on the top.
    const ys = points.map(([, y]) => y);
    expect(ys[0]).toBeCloseTo(h - 1);
    expect(ys[1]).toBeCloseTo(1);
    for (const [i, price] of prices.entries())
      expect(ys[i]).toBeCloseTo(h - 1 - ((price - 10) / 20) * (h - 2));
  });

  it('shows the newest points, the last one at the right edge', () => {
    const { ctx, spark, push } = setup();
    for (let i = 0; i < SPARKLINE_POINTS + 50; i++)
      push(i < SPARKLINE_POINTS + 49 ? 100 + (i % 7) : 90);
    spark.draw();
    expect(ctx.lineTo).toHaveBeenCalledTimes(SPARKLINE_POINTS - 1);
    const [x, y] = ctx.lineTo.mock.calls.at(-1)! as [number, number];
    expect(x).toBeCloseTo(SPARKLINE_WIDTH_PX - 1);
    expect(y).toBeCloseTo(SPARKLINE_HEIGHT_PX - 1); // 90, the window's low
  });

  it('sizes the canvas for the device pixels once, without reading layout', () => {
    const { canvas, getContext, spark, push, advance } = setup();
    vi.stubGlobal('devicePixelRatio', 2);
    try {
      push(10);
      push(11);
      spark.draw();
      advance(SPARKLINE_REDRAW_INTERVAL_MS);
      push(12);
      spark.draw();
    } finally {
      vi.unstubAllGlobals();
    }
    expect([canvas.width, canvas.height]).toEqual([
      SPARKLINE_WIDTH_PX * 2,
      SPARKLINE_HEIGHT_PX * 2,
    ]);
    expect(getContext).toHaveBeenCalledTimes(1);
  });
});
