// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import {
  SPARKLINE_HEIGHT_PX,
  SPARKLINE_MAX_POINTS,
  SPARKLINE_REDRAW_INTERVAL_MS,
  SPARKLINE_WIDTH_PX,
  Sparkline,
  sessionRing,
} from './sparkline';

/** A bar ring (t, o, h, l, c, v) holding at most `max` bars. */
const barRing = (max = 1_000) => new ColumnarRing(max, 6);
/** Appends bars `intervalMs` apart from `startMs`, closing at each of `closes`. */
function addBars(ring: ColumnarRing, startMs: number, intervalMs: number, closes: number[]) {
  closes.forEach((c, i) => ring.push(startMs + i * intervalMs, c, c, c, c, 1));
}

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
  const ring = barRing();
  let now = 1_000;
  const spark = new Sparkline(canvas, [ring], COLORS, () => now);
  /** A new one-second bar closing at `price`. */
  const push = (price: number) => ring.push(ring.end * 1_000, price, price, price, price, 1);
  const advance = (ms: number) => (now += ms);
  return { ctx, canvas, getContext, ring, spark, push, advance };
}

describe('Sparkline', () => {
  it('draws at once the first time, then at most once per redraw interval', () => {
    const { ctx, spark, push, advance } = setup();
    push(10);
    push(11);
    expect(spark.draw()).toBe(true);
    expect(ctx.clearRect).toHaveBeenCalledTimes(1);
    // New data every frame for just under the interval: no redraw yet.
    for (let t = 16; t < SPARKLINE_REDRAW_INTERVAL_MS; t += 16) {
      advance(16);
      push(11 + t / 1_000);
      expect(spark.draw()).toBe(false);
    }
    advance(SPARKLINE_REDRAW_INTERVAL_MS);
    expect(spark.draw()).toBe(true);
    expect(ctx.clearRect).toHaveBeenCalledTimes(2);
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

  it('is coloured by the change since the session open, not by the last few moves', () => {
    const { ctx, spark, push } = setup();
    spark.setOpen(100);
    // A crash to 76, then a climb: still 24 % down on the day.
    for (const price of [76, 78, 80, 82]) push(price);
    spark.draw();
    expect(ctx.strokeStyle).toBe(COLORS.down);
    // The open, then the four closes: the line starts where the session began.
    expect(ctx.moveTo).toHaveBeenLastCalledWith(1, 1); // the open is the session high
    expect(ctx.lineTo).toHaveBeenCalledTimes(1 + 4); // the dotted open line, then the price
  });

  it('spans the whole session, sampled to at most two points per pixel', () => {
    const { ctx, spark, push } = setup();
    spark.setOpen(100);
    for (let i = 0; i < 600; i++) push(100 + (i === 0 ? -30 : i / 100));
    spark.draw();
    expect(ctx.strokeStyle).toBe(COLORS.up);
    // The crash in the first bar is still drawn: the line's lowest point is at the bottom.
    const ys = ctx.lineTo.mock.calls.map((c) => c[1] as number);
    expect(Math.max(...ys)).toBeCloseTo(SPARKLINE_HEIGHT_PX - 1);
    expect(ctx.lineTo.mock.calls.length).toBeLessThanOrEqual(SPARKLINE_MAX_POINTS);
  });

  it('plots every point left to right in time, higher prices higher up, across the canvas', () => {
    const { ctx, spark, push } = setup();
    const prices = [10, 30, 20, 25, 15];
    for (const price of prices) push(price);
    spark.draw();
    // After the dotted open line (moveTo/lineTo 0), the price line: the open, then each close.
    const points = [ctx.moveTo.mock.calls[1]!, ...ctx.lineTo.mock.calls.slice(1)] as [
      number,
      number,
    ][];
    const values = [10, ...prices]; // the first bar's open stands in for the session open
    const [w, h] = [SPARKLINE_WIDTH_PX, SPARKLINE_HEIGHT_PX];
    // Evenly spaced from a 1 px margin on the left to 1 px from the right edge.
    expect(points.map(([x]) => x)).toEqual(values.map((_, i) => 1 + (i * (w - 2)) / 5));
    // Canvas y grows downwards: the low (10) on the bottom margin, the high (30) on the top.
    const ys = points.map(([, y]) => y);
    expect(ys[0]).toBeCloseTo(h - 1);
    expect(ys[2]).toBeCloseTo(1);
    for (const [i, v] of values.entries())
      expect(ys[i]).toBeCloseTo(h - 1 - ((v - 10) / 20) * (h - 2));
  });

  it('ends with the newest close at the right edge, however long the session', () => {
    const { ctx, spark, push } = setup();
    const n = 2 * SPARKLINE_MAX_POINTS + 50;
    for (let i = 0; i < n; i++) push(i < n - 1 ? 100 + (i % 7) : 90);
    spark.draw();
    expect(ctx.lineTo.mock.calls.length).toBeLessThanOrEqual(SPARKLINE_MAX_POINTS);
    const [x, y] = ctx.lineTo.mock.calls.at(-1)! as [number, number];
    expect(x).toBeCloseTo(SPARKLINE_WIDTH_PX - 1);
    expect(y).toBeCloseTo(SPARKLINE_HEIGHT_PX - 1); // 90, the session's low
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

describe('sessionRing', () => {
  // One ring per bar interval: 1 s, 5 s, 1 min.
  it('takes the finest bars that reach back to the session start', () => {
    const [s1, s5, m1] = [barRing(), barRing(), barRing()];
    addBars(m1, 0, 60_000, [1]); // a session under a minute old: one minute bar so far
    addBars(s5, 5_000, 5_000, [1, 1, 2]);
    addBars(s1, 7_000, 1_000, [1, 1, 2, 2, 3]);
    expect(sessionRing([s1, s5, m1])).toBe(s1);
  });

  it('falls back to coarser bars once the finer rings dropped the session start', () => {
    const [s1, s5, m1] = [barRing(4), barRing(4), barRing()];
    addBars(m1, 0, 60_000, [1, 2, 3]);
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
    addBars(s5, 0, 5_000, upTo(30)); // only the last 4 kept
    addBars(s1, 0, 1_000, upTo(150));
    expect(sessionRing([s1, s5, m1])).toBe(m1);
  });

  it('has nothing to draw before the first bar', () => {
    expect(sessionRing([barRing(), barRing(), barRing()])).toBeUndefined();
  });
});
