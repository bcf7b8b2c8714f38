/// <reference lib="dom" />
/**
 * Browser side of bench/chart-redraw.ts: one price chart and one candle chart of the renderer
 * (PriceChart, CandleChart on a shared view), each redrawn `redraws` times in a row after a
 * batch of new points, timed one redraw at a time. No frame loop: what is measured is the
 * chart's own cost per redraw (Chart.js's update and its canvas drawing), nothing else.
 */
import { PALETTES } from '../renderer/src/charts/palette';
import { ChartView } from '../renderer/src/charts/chart-view';
import { PriceChart } from '../renderer/src/charts/price-chart';
import { CandleChart } from '../renderer/src/charts/candle-chart';
import { BAR_MS, chartFeed } from './chart-feed';
import { canvasGrid } from './canvas-grid';

export interface RedrawOptions {
  readonly points: number;
  readonly pointsPerBatch: number;
  readonly redraws: number;
  readonly warmup: number;
  /** Leave the charts on the page (for a screenshot). */
  readonly keep: boolean;
}

export interface RedrawResult {
  /** Median and mean ms a redraw, per chart. */
  readonly price: { median: number; mean: number };
  readonly candle: { median: number; mean: number };
}

const WINDOW_MS = 5 * 60_000;

function stats(ms: number[]): { median: number; mean: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
  };
}

async function run(o: RedrawOptions): Promise<RedrawResult> {
  document.body.innerHTML = '';
  const [priceCanvas, candleCanvas] = canvasGrid(2) as [HTMLCanvasElement, HTMLCanvasElement];
  const { prices, bars, add } = chartFeed(o.points);
  const view = new ChartView();
  const lines = {
    prices: [],
    decimals: 2,
    color: PALETTES.dark.text,
    background: PALETTES.dark.panel,
  };
  const price = new PriceChart(priceCanvas, prices, WINDOW_MS, PALETTES.dark, view, lines);
  const axis = { ring: prices, windowMs: WINDOW_MS, view };
  const candle = new CandleChart(candleCanvas, bars, BAR_MS, axis, PALETTES.dark, lines);
  candle.setIndicators([{ kind: 'volume' }]);
  // Let the resize observer size the canvases before timing.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const priceMs: number[] = [];
  const candleMs: number[] = [];
  for (let i = 0; i < o.warmup + o.redraws; i++) {
    add(o.pointsPerBatch);
    const a = performance.now();
    price.draw();
    const b = performance.now();
    candle.draw();
    const c = performance.now();
    if (i >= o.warmup) {
      priceMs.push(b - a);
      candleMs.push(c - b);
    }
  }
  if (!o.keep) {
    price.destroy();
    candle.destroy();
  }
  return { price: stats(priceMs), candle: stats(candleMs) };
}

declare global {
  interface Window {
    runChartRedraw: typeof run;
  }
}
window.runChartRedraw = run;
