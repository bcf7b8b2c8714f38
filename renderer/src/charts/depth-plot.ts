/**
 * The depth chart's picture on a 2D canvas, as Chart.js drew it with the streaming options:
 * the plot's box and nice axes (depth-axes.ts) laid out around their labels, the grid with
 * tick marks and labels, and each side's stepped curve filled down to zero.
 */
import { axisTicks, labelEvery, niceAxis, tickLabel, type NiceAxis } from './depth-axes';
import { CHART_FONT } from './chart-font';
import type { Palette } from './palette';
import type { XY } from './streaming';

/** Chart.js's defaults for a linear axis, which the depth chart had. */
const TICK_MARK_PX = 8;
const TICK_PADDING_PX = 3;
const LINE_HEIGHT_PX = Math.round(CHART_FONT.sizePx * 1.2);
const Y_MAX_TICKS = 6;
/** Horizontal ticks one per 40 px at most; labels at least 24 px apart across, 3 px down. */
const X_PX_PER_TICK = 40;
const X_LABEL_GAP_PX = 24;
const Y_LABEL_GAP_PX = 3;
/** Room above the size axis (`grace: '5%'`). */
const Y_GRACE = 0.05;

/** Where the curves go (css px), and what the axes along it show. */
export interface DepthPlot {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  /** Price, across. */
  readonly prices: NiceAxis;
  /** Size resting between the mid and a price, up. */
  readonly sizes: NiceAxis;
}

type Measure = Pick<CanvasRenderingContext2D, 'measureText'>;

/**
 * The plot for `points` (both sides' curves; at least one) on a canvas of
 * `widthPx` × `heightPx`, room left for the labels as `ctx`'s font measures them.
 */
export function layoutPlot(
  ctx: Measure,
  points: readonly XY[],
  widthPx: number,
  heightPx: number,
): DepthPlot {
  const sizes = niceAxis(0, Math.max(...points.map((p) => p.y)) * (1 + Y_GRACE), Y_MAX_TICKS);
  const sizeLabels = axisTicks(sizes).map((v) => tickLabel(v, sizes.decimals));
  const labelWidth = Math.max(...sizeLabels.map((l) => ctx.measureText(l).width));
  const right = widthPx - TICK_MARK_PX - TICK_PADDING_PX - labelWidth;
  const bottom = heightPx - TICK_MARK_PX - TICK_PADDING_PX - LINE_HEIGHT_PX;
  // Every level's price, not the first and last: a crossed book's best bid is above its asks.
  const xs = points.map((p) => p.x);
  const prices = niceAxis(
    Math.min(...xs),
    Math.max(...xs),
    Math.max(2, Math.ceil(right / X_PX_PER_TICK)),
  );
  // The first price label is centred on the left edge: leave it room.
  const firstLabel = ctx.measureText(tickLabel(prices.min, prices.decimals)).width;
  return { left: Math.ceil(firstLabel / 2), top: LINE_HEIGHT_PX / 2, right, bottom, prices, sizes };
}

/** The grid lines, tick marks and labels of both axes, sizes at the right. */
export function drawAxes(ctx: CanvasRenderingContext2D, plot: DepthPlot, palette: Palette): void {
  const { prices, sizes } = plot;
  const xOf = scale(prices, plot.left, plot.right);
  const yOf = scale(sizes, plot.bottom, plot.top);
  const priceTicks = axisTicks(prices);
  const labels = priceTicks.map((v) => tickLabel(v, prices.decimals));
  const widest = Math.max(...labels.map((l) => ctx.measureText(l).width));
  const everyPrice = labelEvery(priceTicks.length, plot.right - plot.left, widest + X_LABEL_GAP_PX);
  const sizeTicks = axisTicks(sizes);
  const everySize = labelEvery(
    sizeTicks.length,
    plot.bottom - plot.top,
    LINE_HEIGHT_PX + Y_LABEL_GAP_PX,
  );
  ctx.lineWidth = 1;
  ctx.strokeStyle = palette.grid;
  ctx.fillStyle = palette.text;
  ctx.beginPath();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  sizeTicks.forEach((v, i) => {
    if (i % everySize !== 0) return;
    const y = crisp(yOf(v));
    ctx.moveTo(plot.left, y);
    ctx.lineTo(plot.right + TICK_MARK_PX, y);
    ctx.fillText(tickLabel(v, sizes.decimals), plot.right + TICK_MARK_PX + TICK_PADDING_PX, y);
  });
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  priceTicks.forEach((v, i) => {
    if (i % everyPrice !== 0) return;
    const x = crisp(xOf(v));
    ctx.moveTo(x, plot.top);
    ctx.lineTo(x, plot.bottom + TICK_MARK_PX);
    ctx.fillText(labels[i]!, x, plot.bottom + TICK_MARK_PX + TICK_PADDING_PX);
  });
  ctx.stroke();
}

/**
 * A stepped line, filled down to zero, clipped to the plot (Chart.js `stepped`, `fill`):
 * 'before', the bids', holds a level's size up to its price; 'after', the asks', from it on.
 */
export function drawCurve(
  ctx: CanvasRenderingContext2D,
  plot: DepthPlot,
  points: readonly XY[],
  stepped: 'before' | 'after',
  line: string,
  fill: string,
): void {
  if (points.length === 0) return;
  const xOf = scale(plot.prices, plot.left, plot.right);
  const yOf = scale(plot.sizes, plot.bottom, plot.top);
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.clip();
  const trace = () => {
    let prev = points[0]!;
    ctx.moveTo(xOf(prev.x), yOf(prev.y));
    for (const p of points.slice(1)) {
      if (stepped === 'after') ctx.lineTo(xOf(prev.x), yOf(p.y));
      else ctx.lineTo(xOf(p.x), yOf(prev.y));
      ctx.lineTo(xOf(p.x), yOf(p.y));
      prev = p;
    }
  };
  // The fill under the line, then the line over it, as Chart.js's Filler draws them.
  ctx.beginPath();
  trace();
  ctx.lineTo(xOf(points.at(-1)!.x), yOf(0));
  ctx.lineTo(xOf(points[0]!.x), yOf(0));
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.beginPath();
  trace();
  ctx.lineWidth = 1;
  ctx.strokeStyle = line;
  ctx.stroke();
  ctx.restore();
}

/** Maps an axis's range onto pixels `from` (its min) to `to` (its max). */
function scale(axis: NiceAxis, from: number, to: number): (v: number) => number {
  const span = axis.max - axis.min;
  return (v) => from + ((v - axis.min) / span) * (to - from);
}

/** A 1-pixel line's centre on a pixel, so it is drawn sharp rather than across two. */
const crisp = (px: number) => Math.round(px) + 0.5;
