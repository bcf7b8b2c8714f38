/**
 * Candlesticks with volume underneath (chartjs-chart-financial), fed from a bar ring, on the
 * time axis of the instrument's price line (time-window.ts): the bars within its window, at
 * most {@link MAX_CANDLES}, so each redraw rebuilds two short arrays. Each candle is drawn at the
 * middle of the period it covers.
 */
import { Chart, type ChartConfiguration, type ChartDataset } from 'chart.js';
import type { IndicatorSpec } from '../../../protocol/settings';
import type { BarIntervalMs } from '../../../protocol/batch';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { BAR } from '../state/series-store';
import { INDICATOR_COLOURS, type Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { streamingOptions, type XY } from './streaming';
import type { ChartView } from './chart-view';
import { IndicatorTrack } from './indicator-track';
import { indicatorLabel } from './indicators';
import { priceLinesPlugin, type PriceLineSource } from './price-lines';
import {
  PRICE_PANE_WEIGHT,
  RSI_PANE_WEIGHT,
  rsiPaneShown,
  rsiScale,
  showRsiPane,
} from './rsi-pane';
import { priceWindow, viewBounds } from './time-window';
import { ZOOM_PLUGIN, zoomOptions } from './zoom';

/** Most candles on screen at once (15 minutes of 5-second bars). */
export const MAX_CANDLES = 180;

/** The price line whose time axis the candles share. */
export interface SharedAxis {
  readonly ring: ColumnarRing;
  readonly windowMs: number;
  /** Where the user zoomed or panned the instrument's charts. */
  readonly view: ChartView;
}
/** Bars of indicator history kept per line (the bar ring holds at most 600). */
const INDICATOR_POINTS = 1_000;
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
  private drawnViewVersion = -1;
  private specs: readonly IndicatorSpec[] = [];
  private track: IndicatorTrack;

  constructor(
    canvas: HTMLCanvasElement,
    ring: ColumnarRing,
    intervalMs: BarIntervalMs,
    axis: SharedAxis,
    palette: Palette,
    lines: PriceLineSource,
  ) {
    registerCharts();
    this.element = canvas;
    this.ring = ring;
    this.intervalMs = intervalMs;
    this.axis = axis;
    this.track = new IndicatorTrack([], intervalMs, INDICATOR_POINTS);
    const config = this.config(palette) as ChartConfiguration;
    config.plugins = [ZOOM_PLUGIN, priceLinesPlugin(lines)];
    config.options!.plugins!.zoom = zoomOptions((start, end) => {
      const b = viewBounds(this.axis.ring, this.axis.windowMs);
      if (b) this.axis.view.setRange(start, end, b);
    });
    this.chart = new Chart(canvas, config);
  }

  /** The Chart.js chart, for the crosshair's pixel-to-value mapping. */
  get chartJs(): Chart {
    return this.chart;
  }

  /** The bar ring drawn and its interval, for the crosshair readout. */
  get source(): { ring: ColumnarRing; intervalMs: BarIntervalMs; axis: SharedAxis } {
    return { ring: this.ring, intervalMs: this.intervalMs, axis: this.axis };
  }

  /** Redraws on the next frame even if no data changed (a new price line). */
  invalidate(): void {
    this.drawnVersion = -1;
  }

  /** Shows these indicators (recomputed from the bars held when the list changes). */
  setIndicators(specs: readonly IndicatorSpec[]): void {
    if (JSON.stringify(specs) === JSON.stringify(this.specs)) return;
    this.specs = specs;
    this.restartIndicators();
  }

  private restartIndicators(): void {
    // Volume is the candles' own bar dataset; the others are computed lines.
    const computed = this.specs.filter((s) => s.kind !== 'volume');
    this.track = new IndicatorTrack(computed, this.intervalMs, INDICATOR_POINTS);
    const datasets = this.chart.data.datasets;
    datasets.length = 2;
    this.track.tracked.forEach((t, k) => {
      const colour = INDICATOR_COLOURS[k % INDICATOR_COLOURS.length]!;
      t.lines.forEach((line, j) => {
        const dataset: ChartDataset<'line', XY[]> = {
          type: 'line',
          label: indicatorLabel(t.spec),
          data: line,
          yAxisID: t.spec.kind === 'rsi' ? 'rsi' : 'y',
          borderColor: colour,
          borderWidth: 1,
          borderDash: j === 0 ? [] : [3, 2],
          pointRadius: 0,
          spanGaps: false,
          order: -1,
        };
        datasets.push(dataset as never);
      });
    });
    showRsiPane(
      this.chart.options.scales!,
      this.specs.some((s) => s.kind === 'rsi'),
    );
    this.drawnVersion = -1;
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
    this.restartIndicators();
  }

  setPalette(p: Palette): void {
    const fresh = this.config(p);
    // Replace parts of the live options, not the object: draw() sets the x range on them.
    this.chart.options.scales = fresh.options.scales as never;
    this.chart.options.plugins = fresh.options.plugins as never;
    fresh.data.datasets.forEach((ds, i) =>
      Object.assign(this.chart.data.datasets[i]!, ds, {
        data: this.chart.data.datasets[i]!.data,
      }),
    );
    this.restartIndicators();
  }

  draw(): boolean {
    const ring = this.ring;
    const axisRing = this.axis.ring;
    if (
      ring.version === this.drawnVersion &&
      ring.generation === this.drawnGeneration &&
      axisRing.version === this.drawnAxisVersion &&
      this.axis.view.version === this.drawnViewVersion
    )
      return false;
    const live = priceWindow(axisRing, this.axis.windowMs);
    const range = live && this.axis.view.range(live);
    this.track.update(ring);
    const half = this.intervalMs / 2;
    const candles: Candle[] = [];
    const volume: { x: number; y: number }[] = [];
    let maxVolume = 0;
    let low = Infinity;
    let high = -Infinity;
    // Bars that end inside the window (or the last ones, while no price is held).
    const from = range ? ring.lowerBound(range.start - this.intervalMs) : ring.start;
    const to = range ? Math.min(ring.end, ring.lowerBound(range.end) + 1) : ring.end;
    for (let i = Math.max(from, ring.start, to - MAX_CANDLES); i < to; i++) {
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
    // Volume uses the bottom quarter of the price pane (above the RSI pane when shown), and
    // only when the volume indicator is on.
    const showVolume = this.specs.some((s) => s.kind === 'volume');
    v!.hidden = !showVolume;
    const rsiShare = rsiPaneShown(scales)
      ? RSI_PANE_WEIGHT / (RSI_PANE_WEIGHT + PRICE_PANE_WEIGHT)
      : 0;
    const total = (maxVolume > 0 ? maxVolume : 1) / ((1 - rsiShare) / 4);
    scales.volume!.min = -total * rsiShare;
    scales.volume!.max = total * (1 - rsiShare);
    this.chart.update('none');
    this.drawnVersion = ring.version;
    this.drawnGeneration = ring.generation;
    this.drawnAxisVersion = axisRing.version;
    this.drawnViewVersion = this.axis.view.version;
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
          y: {
            ...base.scales!.y,
            stack: 'panes',
            stackWeight: PRICE_PANE_WEIGHT,
            ticks: { ...base.scales!.y!.ticks, includeBounds: false },
          },
          // RSI's sub-pane under the candles, shown only while an RSI is on the chart.
          rsi: rsiScale(p),
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
