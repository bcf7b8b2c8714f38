/**
 * Horizontal price lines the user drew (saved with the chart), drawn by a small inline Chart.js
 * plugin over the datasets, each with its price in a tag on the price axis: written inside the
 * plot, the price was crossed out by the very line it marks whenever the price was near it.
 */
import type { Chart, Plugin, Scale } from 'chart.js';
import { MAX_PRICE_LINES_PER_CHART } from '../../../protocol/chart-setup';
import { formatPrice } from '../state/format';
import { CHART_FONT } from './chart-font';

/** Pixels within which a click on an existing line picks that line (to remove it). */
export const LINE_PICK_PX = 4;
/** A price tag's padding left and right of its text, and its half height, px. */
const TAG_PAD_PX = 3;
const TAG_HALF_PX = 7;

export interface PriceLineSource {
  prices: readonly number[];
  decimals: number;
  /** The lines' and tags' colour. */
  color: string;
  /** The tags' text colour: the chart's background. */
  background: string;
}

/** A plugin drawing `source.prices` on the `y` scale, read at every draw. */
export function priceLinesPlugin(source: PriceLineSource): Plugin {
  return {
    id: 'tickdeckPriceLines',
    afterDatasetsDraw(chart: Chart) {
      const y = chart.scales.y;
      if (!y || source.prices.length === 0) return;
      const { ctx, chartArea: area } = chart;
      ctx.save();
      ctx.strokeStyle = source.color;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1;
      ctx.font = `${CHART_FONT.sizePx}px ${CHART_FONT.family}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      for (const price of source.prices) {
        const py = linePixel(y, price);
        // Within the price pane, not the whole plot: under it the RSI pane has its own axis.
        if (py < y.top || py > y.bottom) continue;
        ctx.beginPath();
        ctx.moveTo(area.left, py);
        ctx.lineTo(area.right, py);
        ctx.stroke();
        const label = formatPrice(price, source.decimals);
        const width = ctx.measureText(label).width + 2 * TAG_PAD_PX;
        // On the axis, over its tick labels; pulled in where the axis is narrower than the tag.
        // It reaches the chart's edge: a tick label at its row starts a padding past the plot
        // and may be wider, and one a tag only as wide as its own text left peeking out.
        const x = Math.min(area.right, chart.width - width);
        ctx.fillStyle = source.color;
        ctx.fillRect(x, py - TAG_HALF_PX, chart.width - x, 2 * TAG_HALF_PX);
        ctx.fillStyle = source.background;
        ctx.fillText(label, x + TAG_PAD_PX, py);
      }
      ctx.restore();
    },
  };
}

/** The pixel row a line at `price` is drawn on (its middle: a 1 px line on whole pixels). */
function linePixel(y: Scale, price: number): number {
  return Math.round(y.getPixelForValue(price)) + 0.5;
}

/** What the lines add to a chart's frame (still-frames.ts): their rows, and their labels. */
export function priceLinesFrame(chart: Chart, source: PriceLineSource, px: number[]): string {
  const y = chart.scales.y;
  if (!y) return '';
  for (const price of source.prices) px.push(linePixel(y, price));
  return source.prices.map((p) => formatPrice(p, source.decimals)).join(',');
}

/**
 * The price at pixel row `py`, or null where the row is not on the price pane: a double-click
 * on the RSI pane under it reads a price below every one drawn, and drew a line there over the
 * RSI pane.
 */
export function priceAtRow(chart: Chart, py: number): number | null {
  const y = chart.scales.y;
  if (!y || py < y.top || py > y.bottom) return null;
  const price = y.getValueForPixel(py);
  return price !== undefined && Number.isFinite(price) ? price : null;
}

/** The index of a drawn line within {@link LINE_PICK_PX} of pixel row `py`, or -1. */
export function pickLine(chart: Chart, prices: readonly number[], py: number): number {
  const y = chart.scales.y;
  if (!y) return -1;
  return prices.findIndex((p) => Math.abs(y.getPixelForValue(p) - py) <= LINE_PICK_PX);
}

/**
 * The lines with one more at `price`, or, at {@link MAX_PRICE_LINES_PER_CHART}, why not. A full
 * chart refuses the new line rather than drop an old one: a drawn level is a deliberate mark (a
 * stop, a support) and the oldest is the likeliest to be out of view, where its loss would go
 * unseen; the trader picks which one to remove.
 */
export function withPriceLine(
  prices: readonly number[],
  price: number,
  decimals: number,
): { prices: number[] } | { refused: string } {
  if (prices.length < MAX_PRICE_LINES_PER_CHART) return { prices: [...prices, price] };
  return {
    refused:
      `${MAX_PRICE_LINES_PER_CHART} price lines at most: ${formatPrice(price, decimals)} ` +
      'not drawn (double-click a line to remove it)',
  };
}
