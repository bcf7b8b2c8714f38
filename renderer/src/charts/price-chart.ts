/**
 * Live price line over a sliding time window, fed from a price ring. The window is decimated
 * incrementally into ~2 px min-max buckets (see min-max-buckets.ts): a frame folds in only the
 * ring points that are new and Chart.js draws ~2 points per pixel, however long the series.
 */
import { Chart } from 'chart.js';
import { backdropPlugin, makeOpaque, type Backdrop } from './backdrop';
import { alertMarkerPlugin, NO_ALERT_MARKERS, type AlertMarkerSource } from './alert-markers';
import type { ChartView } from './chart-view';
import { priceLinesPlugin, type PriceLineSource } from './price-lines';
import { ZOOM_PLUGIN, zoomOptions } from './zoom';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { PRICE } from '../state/series-store';
import { MinMaxBuckets } from './min-max-buckets';
import type { Palette } from './palette';
import { priceDataset, priceOptions, priceScales } from './price-config';
import { priceIndicatorsPlugin, type PriceIndicators } from './price-indicators';
import { showRsiPane } from './rsi-pane';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import type { XY } from './streaming';
import { drawnRange, priceWindow, viewBounds, viewOfDrawn } from './time-window';

/** Trim the point array once this many points have slid out of the window. */
const TRIM_CHUNK = 256;
/** Bucket width in CSS pixels. */
const PX_PER_BUCKET = 2;

export class PriceChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart<'line', XY[]>;
  private buckets = new MinMaxBuckets(1);
  private ring: ColumnarRing;
  private windowMs: number;
  /** The candles' bar interval under this line: the axis leaves room for one (drawnRange). */
  private barIntervalMs = 0;
  private readTotal = 0;
  private generation = -1;
  private drawnVersion = -1;
  private drawnViewVersion = -1;
  private drawnIndicatorsVersion = -1;
  private palette: Palette;
  private readonly backdrop: Backdrop;

  constructor(
    canvas: HTMLCanvasElement,
    ring: ColumnarRing,
    windowMs: number,
    palette: Palette,
    private readonly view: ChartView,
    lines: PriceLineSource,
    alerts: Readonly<AlertMarkerSource> = NO_ALERT_MARKERS,
    /** Indicators drawn over the line (and RSI's sub-pane under it). */
    private readonly indicators: PriceIndicators | null = null,
  ) {
    registerCharts();
    this.element = canvas;
    this.ring = ring;
    this.windowMs = windowMs;
    this.palette = palette;
    this.backdrop = { colour: palette.panel, stale: false };
    makeOpaque(canvas);
    const options = priceOptions(palette);
    options.plugins!.zoom = zoomOptions((start, end) => {
      const b = viewBounds(this.ring, this.windowMs);
      if (!b) return;
      const shown = viewOfDrawn({ start, end }, this.barIntervalMs, b.live);
      view.setRange(shown.start, shown.end, b);
    });
    this.chart = new Chart(canvas, {
      plugins: [
        ZOOM_PLUGIN,
        priceLinesPlugin(lines),
        ...(indicators ? [priceIndicatorsPlugin(indicators, () => this.palette.volume)] : []),
        alertMarkerPlugin(alerts),
        backdropPlugin(this.backdrop),
      ],
      type: 'line',
      data: { datasets: [priceDataset(palette, this.buckets.points)] },
      options,
    });
  }

  /** Shows another instrument or window; the next draw rebuilds from the ring. */
  setSource(ring: ColumnarRing, windowMs: number, barIntervalMs: number): void {
    if (barIntervalMs !== this.barIntervalMs) this.invalidate();
    this.barIntervalMs = barIntervalMs;
    if (ring === this.ring && windowMs === this.windowMs) return;
    this.ring = ring;
    this.windowMs = windowMs;
    this.generation = -1;
  }

  /** The Chart.js chart, for the crosshair's pixel-to-value mapping. */
  get chartJs(): Chart {
    return this.chart as unknown as Chart;
  }

  /** The ring drawn, and its window, for the crosshair readout and the keyboard. */
  get source(): { ring: ColumnarRing; windowMs: number } {
    return { ring: this.ring, windowMs: this.windowMs };
  }

  /** Redraws on the next frame even if no data changed (a new price line). */
  invalidate(): void {
    this.drawnVersion = -1;
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.backdrop.colour = p.panel;
    this.chart.options.scales = priceScales(p);
    this.drawnIndicatorsVersion = -1;
    const ds = this.chart.data.datasets[0]!;
    ds.borderColor = p.line;
    ds.backgroundColor = p.fill;
    this.drawnVersion = -1;
  }

  /** Draws the stale look (old data: its source is not live) or the live one. */
  setStale(stale: boolean): void {
    if (stale === this.backdrop.stale) return;
    this.backdrop.stale = stale;
    this.invalidate();
  }

  draw(): boolean {
    const ring = this.ring;
    const view = this.view;
    if (
      ring.generation === this.generation &&
      ring.version === this.drawnVersion &&
      view.version === this.drawnViewVersion &&
      (this.indicators?.version ?? -1) === this.drawnIndicatorsVersion
    )
      return false;
    this.drawnVersion = ring.version;
    if (this.indicators && this.indicators.version !== this.drawnIndicatorsVersion) {
      showRsiPane(this.chart.options.scales!, this.indicators.rsiPane);
      this.drawnIndicatorsVersion = this.indicators.version;
    }
    const viewMoved = view.version !== this.drawnViewVersion;
    this.drawnViewVersion = view.version;
    const x = this.chart.options.scales!.x!;
    if (ring.end === 0) {
      this.rebuild(1, 0);
      this.generation = ring.generation;
      x.min = x.max = undefined;
      this.chart.update('none');
      delete this.element.dataset.lastT;
      delete this.element.dataset.firstT;
      return true;
    }
    // The window shared with the candles (time-window.ts), or where the user zoomed or panned.
    const live = priceWindow(ring, this.windowMs)!;
    const { start, end } = view.range(live);
    // Buckets of a power-of-two width near PX_PER_BUCKET pixels: the width changes (and the
    // line is rebuilt from the ring) only when the span doubles or the chart is resized a lot.
    const px = Math.max(50, this.chart.chartArea?.width ?? this.chart.width);
    const ideal = ((end - start) / px) * PX_PER_BUCKET;
    const bucketMs = 2 ** Math.ceil(Math.log2(Math.max(1, ideal)));
    if (ring.generation !== this.generation || bucketMs !== this.buckets.bucketMs || viewMoved) {
      this.generation = ring.generation;
      this.rebuild(bucketMs, Math.max(ring.start, ring.lowerBound(start - bucketMs)));
    }
    const b = this.buckets;
    b.begin();
    for (let i = Math.max(this.readTotal, ring.start); i < ring.end; i++) {
      b.add(ring.at(i, PRICE.t), ring.at(i, PRICE.price));
    }
    b.end();
    this.readTotal = ring.end;
    b.trimBefore(start, TRIM_CHUNK);
    const drawn = drawnRange({ start, end }, this.barIntervalMs, live);
    x.min = drawn.start;
    x.max = drawn.end;
    this.chart.update('none');
    // Where the line ends, in the data's time, for tests and tools (a replay's cursor check).
    this.element.dataset.lastT = String(ring.last(PRICE.t));
    // And where the history held starts: a replay opened and closed beside it must not move it.
    this.element.dataset.firstT = String(ring.at(ring.start, PRICE.t));
    // And where the view ends: equal to lastT while following, held still while panned.
    this.element.dataset.viewEnd = String(end);
    this.element.dataset.viewStart = String(start);
    return true;
  }

  private rebuild(bucketMs: number, readFrom: number): void {
    this.buckets = new MinMaxBuckets(bucketMs);
    this.chart.data.datasets[0]!.data = this.buckets.points;
    this.readTotal = readFrom;
  }

  destroy(): void {
    this.chart.destroy();
  }
}
