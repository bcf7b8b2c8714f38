import { describe, expect, it, vi } from 'vitest';
import { SeriesRing } from '../state/ring-buffer';
import {
  SPARKLINE_HEIGHT_PX,
  SPARKLINE_MAX_POINTS,
  SPARKLINE_REDRAW_INTERVAL_MS,
  SPARKLINE_WIDTH_PX,
  Sparkline,
  sessionRing,
} from './sparkline';

/** A bar ring (t, o, h, l, c, v) holding at most `max` bars. */
const barRing = (max = 1_000) => new SeriesRing(max, 6);
/** Appends bars `intervalMs` apart from `startMs`, closing at each of `closes`. */
function addBars(ring: SeriesRing, startMs: number, intervalMs: number, closes: number[]) {
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
  const push = (price: number) => ring.push(ring.total * 1_000, price, price, price, price, 1);
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
