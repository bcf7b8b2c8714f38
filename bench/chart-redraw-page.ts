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
import { BAR } from '../renderer/src/state/series-store';
import { ColumnarRing } from '../shared/columnar-ring';
import { walker } from './dashboard-frames';

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

const POINT_SPACING_MS = 30;
const BAR_MS = 1_000;
const WINDOW_MS = 5 * 60_000;

function stats(ms: number[]): { median: number; mean: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
  };
}

function canvasIn(parent: HTMLElement): HTMLCanvasElement {
  const cell = document.createElement('div');
  cell.className = 'cell';
  const canvas = document.createElement('canvas');
  cell.append(canvas);
  parent.append(cell);
  return canvas;
}

async function run(o: RedrawOptions): Promise<RedrawResult> {
  document.body.innerHTML = '';
  const grid = document.createElement('div');
  grid.className = 'grid';
  document.body.append(grid);
  const walk = walker(1);
  const prices = new ColumnarRing(20_000, 2);
  const bars = new ColumnarRing(600, 6);
  let t = Date.now() - o.points * POINT_SPACING_MS;
  const add = () => {
    t += POINT_SPACING_MS;
    const p = walk();
    prices.push(t, p);
    const start = Math.floor(t / BAR_MS) * BAR_MS;
    if (bars.length > 0 && bars.last(BAR.t) === start) {
      bars.setLast(BAR.h, Math.max(bars.last(BAR.h), p));
      bars.setLast(BAR.l, Math.min(bars.last(BAR.l), p));
      bars.setLast(BAR.c, p);
      bars.setLast(BAR.v, bars.last(BAR.v) + 1);
    } else bars.push(start, p, p, p, p, 1);
  };
  for (let k = 0; k < o.points; k++) add();
  const view = new ChartView();
  const lines = { prices: [], decimals: 2, color: PALETTES.dark.text };
  const price = new PriceChart(canvasIn(grid), prices, WINDOW_MS, PALETTES.dark, view, lines);
  const axis = { ring: prices, windowMs: WINDOW_MS, view };
  const candle = new CandleChart(canvasIn(grid), bars, BAR_MS, axis, PALETTES.dark, lines);
  candle.setIndicators([{ kind: 'volume' }]);
  // Let the resize observer size the canvases before timing.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const priceMs: number[] = [];
  const candleMs: number[] = [];
  for (let i = 0; i < o.warmup + o.redraws; i++) {
    for (let k = 0; k < o.pointsPerBatch; k++) add();
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
