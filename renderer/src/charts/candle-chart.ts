/**
 * Candlesticks (chartjs-chart-financial) with volume underneath (volume-bars.ts), fed from a bar
 * ring, on the time axis of the instrument's price line (time-window.ts): the bars within its
 * window, redrawn when the bars, the price line or the user's view move. What a draw shows is
 * candle-frame.ts's, the configuration candle-config.ts's, the indicators candle-indicators.ts's.
 */
import { Chart, type ChartConfiguration } from 'chart.js';
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import type { BarIntervalMs } from '../../../protocol/batch';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { backdropPlugin, makeOpaque, type Backdrop } from './backdrop';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { candleConfig, recolour, setCandleBounds } from './candle-config';
import { CandleIndicators } from './candle-indicators';
import { indicatorNamesPlugin } from './indicator-names';
import { candleFrame, type SharedAxis } from './candle-frame';
import { candleNotePlugin, type CandleNote } from './candle-note';
import { insideCandlePlugin, type InsideCandle } from './inside-candle';
import { priceLinesFrame, priceLinesPlugin, type PriceLineSource } from './price-lines';
import { StillFrames } from './still-frames';
import { viewBounds, viewOfDrawn } from './time-window';
import { volumeBarsPlugin, volumeFrame, type VolumeBars } from './volume-bars';
import { ZOOM_PLUGIN, zoomOptions } from './zoom';

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
  private readonly indicators: CandleIndicators;
  private readonly volume: VolumeBars;
  private readonly backdrop: Backdrop;
  /** What the pane says instead of candles (its text '' while it draws some). */
  readonly note: CandleNote;
  /** The candle a view narrower than a candle falls in, painted across the plot. */
  private readonly inside: InsideCandle;
  /** Most batches move nothing on the candles a pixel: those frames are not drawn. */
  private readonly frames: StillFrames;

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
    this.indicators = new CandleIndicators(intervalMs);
    this.volume = { bars: [], shown: false, colour: palette.volume };
    this.backdrop = { colour: palette.panel, stale: false };
    this.note = { text: '', palette };
    this.inside = { candle: null, intervalMs, palette };
    this.frames = new StillFrames(
      (chart, px) => `${volumeFrame(chart, this.volume, px)}|${priceLinesFrame(chart, lines, px)}`,
    );
    makeOpaque(canvas);
    const config = candleConfig(palette) as ChartConfiguration;
    config.plugins = [
      ZOOM_PLUGIN,
      volumeBarsPlugin(this.volume),
      priceLinesPlugin(lines),
      indicatorNamesPlugin(
        () => this.indicators.lines,
        () => this.ring.length,
      ),
      candleNotePlugin(this.note),
      insideCandlePlugin(this.inside),
      backdropPlugin(this.backdrop),
      this.frames.plugin,
    ];
    config.options!.plugins!.zoom = zoomOptions((start, end) => {
      const b = viewBounds(this.axis.ring, this.axis.windowMs);
      // The axis reaches past the view (drawnRange): the view ends that much before it.
      if (!b) return;
      const shown = viewOfDrawn({ start, end }, this.intervalMs, b.live);
      this.axis.view.setRange(shown.start, shown.end, b);
    });
    this.chart = new Chart(canvas, config);
  }

  /** The Chart.js chart, for the crosshair's pixel-to-value mapping. */
  get chartJs(): Chart {
    return this.chart;
  }

  /** Redraws on the next frame even if no data changed (a new price line). */
  invalidate(): void {
    this.drawnVersion = -1;
    this.frames.redraw();
  }

  /** Shows these indicators (recomputed from the bars held when the list changes). */
  setIndicators(specs: readonly IndicatorSpec[]): void {
    if (this.indicators.set(specs)) this.restartIndicators();
  }

  private restartIndicators(): void {
    this.indicators.restart(this.chart, this.intervalMs);
    this.invalidate();
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
    recolour(this.chart, p);
    this.volume.colour = p.volume;
    this.backdrop.colour = p.panel;
    this.note.palette = p;
    this.inside.palette = p;
    this.restartIndicators();
  }

  /** Draws the stale look (old data: its source is not live) or the live one. */
  setStale(stale: boolean): void {
    if (stale === this.backdrop.stale) return;
    this.backdrop.stale = stale;
    this.invalidate();
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
    this.indicators.update(ring);
    const f = candleFrame(ring, this.intervalMs, this.axis, this.lastNewest);
    this.lastNewest = f.newest;
    this.chart.data.datasets[0]!.data = f.window.candles as never;
    this.volume.bars = f.window.volume;
    // Volume only when the volume indicator is on.
    this.volume.shown = this.indicators.volume;
    this.inside.candle = f.inside;
    this.inside.intervalMs = this.intervalMs;
    setCandleBounds(this.chart.options.scales!, f.bounds, f.x);
    this.note.text = f.note;
    // The axis's right end, the newest candle's middle and the note, for tests and tools.
    this.element.dataset.axisEnd = String(f.x.end);
    this.element.dataset.newestCandle = String(f.window.candles.at(-1)?.x ?? '');
    this.element.dataset.note = f.note;
    this.element.dataset.insideCandle = f.inside ? String(f.inside.x) : '';
    const skipped = this.frames.skipped;
    this.chart.update('none');
    this.drawnVersion = ring.version;
    this.drawnGeneration = ring.generation;
    this.drawnAxisVersion = axisRing.version;
    this.drawnViewVersion = this.axis.view.version;
    // False also when the frame moved nothing a pixel and was not drawn.
    return this.frames.skipped === skipped;
  }

  destroy(): void {
    this.chart.destroy();
  }
}
