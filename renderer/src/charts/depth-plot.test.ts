import { describe, expect, it } from 'vitest';
import { CHART_FONT } from './chart-font';
import { drawCurve, layoutPlot, type DepthPlot } from './depth-plot';

/** Measures text as 6 px a character. */
const measure = { measureText: (text: string) => ({ width: text.length * 6 }) as TextMetrics };
const LINE_HEIGHT_PX = Math.round(CHART_FONT.sizePx * 1.2);

/** A 2D context that records the path drawn, as [command, x, y]. */
function pathRecorder() {
  const path: [string, number, number][] = [];
  const ctx = {
    moveTo: (x: number, y: number) => path.push(['M', x, y]),
    lineTo: (x: number, y: number) => path.push(['L', x, y]),
    save() {},
    restore() {},
    beginPath: () => path.splice(0),
    rect() {},
    clip() {},
    closePath() {},
    fill() {},
    stroke() {},
  };
  return { path, ctx: ctx as unknown as CanvasRenderingContext2D };
}

describe('layoutPlot', () => {
  const points = [
    { x: 99.5, y: 300 },
    { x: 100, y: 0 },
    { x: 100.5, y: 120 },
  ];

  it('spans every level of a crossed book (best bid above best ask), not one price unit about it', () => {
    // Bids 20.04, 20.05 (rising to the best), asks 19.95, 19.96: the bid curve ends above the asks.
    const crossed = [
      { x: 20.04, y: 150 },
      { x: 20.05, y: 100 },
      { x: 19.95, y: 100 },
      { x: 19.96, y: 170 },
    ];
    const { prices } = layoutPlot(measure, crossed, 400, 200);
    expect(prices.min).toBeLessThanOrEqual(19.95);
    expect(prices.max).toBeGreaterThanOrEqual(20.05);
    expect(prices.max - prices.min).toBeLessThan(0.5);
  });

  it('keeps room right for the widest size label and below for a line of price labels', () => {
    const plot = layoutPlot(measure, points, 400, 200);
    // Sizes up to 300 and 5% more, at most 6 ticks: 0…400 in 100s, "400" the widest (18 px).
    expect(plot.sizes).toMatchObject({ min: 0, max: 400, step: 100 });
    expect(plot.right).toBe(400 - 8 - 3 - 18);
    expect(plot.bottom).toBe(200 - 8 - 3 - LINE_HEIGHT_PX);
    expect(plot.top).toBe(LINE_HEIGHT_PX / 2);
  });

  it('spans the prices, half the first price label in from the left edge', () => {
    const plot = layoutPlot(measure, points, 400, 200);
    expect(plot.prices.min).toBeLessThanOrEqual(99.5);
    expect(plot.prices.max).toBeGreaterThanOrEqual(100.5);
    const first = plot.prices.min.toFixed(plot.prices.decimals);
    expect(plot.left).toBe(Math.ceil((first.length * 6) / 2));
  });
});

describe('drawCurve', () => {
  /** Prices 0…10 onto x 0…100, sizes 0…10 onto y 100…0. */
  const plot: DepthPlot = {
    left: 0,
    top: 0,
    right: 100,
    bottom: 100,
    prices: { min: 0, max: 10, step: 1, decimals: 0 },
    sizes: { min: 0, max: 10, step: 1, decimals: 0 },
  };
  const levels = [
    { x: 2, y: 6 },
    { x: 4, y: 3 },
  ];

  it("steps the bids' curve across first, holding a level's size up to its price", () => {
    const { path, ctx } = pathRecorder();
    drawCurve(ctx, plot, levels, 'before', 'blue', 'lightblue');
    expect(path).toEqual([
      ['M', 20, 40],
      ['L', 40, 40],
      ['L', 40, 70],
    ]);
  });

  it("steps the asks' curve up or down first, a level's size holding from its price on", () => {
    const { path, ctx } = pathRecorder();
    drawCurve(ctx, plot, levels, 'after', 'orange', 'peach');
    expect(path).toEqual([
      ['M', 20, 40],
      ['L', 20, 70],
      ['L', 40, 70],
    ]);
  });
});
