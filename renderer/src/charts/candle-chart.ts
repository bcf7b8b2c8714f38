/**
 * Candlesticks with volume underneath (chartjs-chart-financial), fed from a bar ring, on the
 * time axis of the instrument's price line (time-window.ts): the bars within its window, at
 * most {@link MAX_CANDLES}, so each redraw rebuilds two short arrays. Each candle is drawn at the
 * middle of the period it covers.
 */
import { Chart, type ChartConfiguration } from 'chart.js';
import type { BarIntervalMs } from '../../../protocol/batch';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { BAR } from '../state/series-store';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { streamingOptions } from './streaming';
import { priceWindow } from './time-window';

/** Most candles on screen at once (15 minutes of 5-second bars). */
export const MAX_CANDLES = 180;

/** The price line whose time axis the candles share. */
export interface SharedAxis {
  readonly ring: ColumnarRing;
  readonly windowMs: number;
}
/** Narrowest span, in candles, so a first bar is not drawn as a wall. */
const MIN_CANDLES = 30;

interface Candle {
  x: number;
  o: number;
  h: number;
  l: number;
  c: number;
}

export class CandleChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart;
  private ring: ColumnarRing;
  private intervalMs: BarIntervalMs;
  private axis: SharedAxis;
  private drawnVersion = -1;
  private drawnAxisVersion = -1;
  private drawnGeneration = -1;
  /** Time of the newest bar drawn, kept so an emptied ring (reset, seek) keeps a sensible axis. */
  private lastNewest: number | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    ring: ColumnarRing,
    intervalMs: BarIntervalMs,
    axis: SharedAxis,
    palette: Palette,
  ) {
    registerCharts();
    this.element = canvas;
    this.ring = ring;
    this.intervalMs = intervalMs;
    this.axis = axis;
    this.chart = new Chart(canvas, this.config(palette) as ChartConfiguration);
  }

  setSource(ring: ColumnarRing, intervalMs: BarIntervalMs, axis: SharedAxis): void {
    if (
      ring === this.ring &&
      intervalMs === this.intervalMs &&
      axis.ring === this.axis.ring &&
      axis.windowMs === this.axis.windowMs
    )
      return;
    this.ring = ring;
    this.intervalMs = intervalMs;
    this.axis = axis;
    this.drawnVersion = -1;
  }

  setPalette(p: Palette): void {
    const fresh = this.config(p);
    // Replace parts of the live options, not the object: draw() sets the x range on them.
    this.chart.options.scales = fresh.options.scales as never;
    this.chart.options.plugins = fresh.options.plugins as never;
    this.chart.data.datasets.forEach((ds, i) =>
      Object.assign(ds, fresh.data.datasets[i], { data: ds.data }),
    );
    this.drawnVersion = -1;
  }

  draw(): boolean {
    const ring = this.ring;
    const axisRing = this.axis.ring;
    if (
      ring.version === this.drawnVersion &&
      ring.generation === this.drawnGeneration &&
      axisRing.version === this.drawnAxisVersion
    )
      return false;
    const range = priceWindow(axisRing, this.axis.windowMs);
    const half = this.intervalMs / 2;
    const candles: Candle[] = [];
    const volume: { x: number; y: number }[] = [];
    let maxVolume = 0;
    let low = Infinity;
    let high = -Infinity;
    // Bars that end inside the window (or the last ones, while no price is held).
    const from = range ? ring.lowerBound(range.start - this.intervalMs) : ring.start;
    for (let i = Math.max(from, ring.start, ring.end - MAX_CANDLES); i < ring.end; i++) {
      const x = ring.at(i, BAR.t) + half;
      const h = ring.at(i, BAR.h);
      const l = ring.at(i, BAR.l);
      candles.push({ x, o: ring.at(i, BAR.o), h, l, c: ring.at(i, BAR.c) });
      if (l < low) low = l;
      if (h > high) high = h;
      const v = ring.at(i, BAR.v);
      volume.push({ x, y: v });
      if (v > maxVolume) maxVolume = v;
    }
    const [c, v] = this.chart.data.datasets;
    c!.data = candles as never;
    v!.data = volume;
    const scales = this.chart.options.scales!;
    if (range) {
      // The price line's axis, so the two panes line up.
      scales.x!.min = range.start;
      scales.x!.max = range.end;
    } else {
      // Without bars, Chart.js would auto-range an empty time axis from 1970.
      const newest = candles.at(-1)?.x ?? this.lastNewest ?? Date.now();
      this.lastNewest = newest;
      // Candle width grows while the first bars arrive, then stays steady.
      const span = Math.min(MAX_CANDLES, Math.max(MIN_CANDLES, candles.length + 4));
      scales.x!.min = newest - span * this.intervalMs;
      scales.x!.max = newest + half;
    }
    // The price range is set from the bars themselves: with a single bar, the financial
    // controller's auto-range yields an empty -0.5..1.5 axis and the candle is not drawn.
    const pad = candles.length ? (high - low) * 0.1 || Math.abs(high) * 0.001 || 1 : 0;
    scales.y!.min = candles.length ? low - pad : undefined;
    scales.y!.max = candles.length ? high + pad : undefined;
    // Volume uses the bottom quarter of the plot.
    scales.volume!.max = maxVolume > 0 ? maxVolume * 4 : 1;
    this.chart.update('none');
    this.drawnVersion = ring.version;
    this.drawnGeneration = ring.generation;
    this.drawnAxisVersion = axisRing.version;
    return true;
  }

  destroy(): void {
    this.chart.destroy();
  }

  private config(p: Palette) {
    const base = streamingOptions(p);
    return {
      type: 'candlestick' as const,
      data: {
        datasets: [
          {
            type: 'candlestick' as const,
            label: 'Price',
            data: [] as Candle[],
            yAxisID: 'y',
            borderColors: { up: p.up, down: p.down, unchanged: p.text },
            backgroundColors: { up: p.upFill, down: p.downFill, unchanged: p.text },
            borderWidth: 1,
            order: 0,
          },
          {
            type: 'bar' as const,
            label: 'Volume',
            data: [] as { x: number; y: number }[],
            yAxisID: 'volume',
            backgroundColor: p.volume,
            barPercentage: 0.9,
            categoryPercentage: 1,
            order: 1,
          },
        ],
      },
      options: {
        ...base,
        plugins: { ...base.plugins, decimation: { enabled: false } },
        scales: {
          x: { ...base.scales!.x, offset: false },
          // min/max are set from the bars; their odd values would crowd the tick labels.
          y: { ...base.scales!.y, ticks: { ...base.scales!.y!.ticks, includeBounds: false } },
          volume: {
            type: 'linear' as const,
            display: false,
            min: 0,
            grid: { display: false },
          },
        },
      },
    };
  }
}
