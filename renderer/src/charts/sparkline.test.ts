import { describe, expect, it, vi } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
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
