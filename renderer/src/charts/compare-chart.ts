/**
 * Several instruments on one axis, in % from a common start (compare-lines.ts) or in price,
 * with a legend: the overlay the watchlist's Shift-click comparison offers beside the
 * side-by-side charts, for instruments of any source. With two or more, the spread of the
 * second over the first is a line of its own on its own axis (spread-line.ts), in basis points
 * for one instrument on two venues, else the gap of their % moves (spread-unit.ts). The lines' datasets and colours are compare-datasets.ts's, the axes and
 * legend compare-options.ts's; this chart keeps them to the compared rings and draws them.
 */
import { Chart } from 'chart.js';
import {
  compareDatasets,
  lineColour,
  sameLines,
  spreadColour,
  spreadRange,
  type Compared,
} from './compare-datasets';
import { percentLines } from './compare-lines';
import { compareOptions, type CompareMode } from './compare-options';
import { spreadLine } from './spread-line';
import { spreadMeasure, spreadUnit, type SpreadUnit } from './spread-unit';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import type { XY } from './streaming';

const PX_PER_BUCKET = 2;

export class CompareChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart<'line', XY[]>;
  private compared: readonly Compared[] = [];
  private windowMs: number;
  private palette: Palette;
  private mode: CompareMode = 'percent';
  private unit: SpreadUnit = 'bp';
  /** Each ring's generation and version when last drawn, joined: redraw only on a change. */
  private drawnKey = '';

  constructor(
    canvas: HTMLCanvasElement,
    compared: readonly Compared[],
    windowMs: number,
    palette: Palette,
  ) {
    registerCharts();
    this.element = canvas;
    this.windowMs = windowMs;
    this.palette = palette;
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: compareOptions(palette, this.mode),
    });
    this.setSource(compared, windowMs);
  }

  /**
   * Compares other instruments or another window, in % or price; the next draw rebuilds.
   * The same lines again (a stale label's age ticking on) change nothing.
   */
  setSource(compared: readonly Compared[], windowMs: number, mode: CompareMode = 'percent'): void {
    if (windowMs === this.windowMs && mode === this.mode && sameLines(compared, this.compared))
      return;
    this.compared = compared;
    this.windowMs = windowMs;
    const unit = compared.length >= 2 ? spreadUnit(compared[0]!.id, compared[1]!.id) : this.unit;
    if (mode !== this.mode || unit !== this.unit) {
      this.mode = mode;
      this.unit = unit;
      this.chart.options.scales = compareOptions(this.palette, mode, unit).scales;
    }
    this.chart.data.datasets = compareDatasets(compared, this.palette, mode);
    // Which lines are grey, for tests and tools.
    this.element.dataset.staleSeries = compared
      .filter((c) => c.stale)
      .map((c) => c.id)
      .join(',');
    this.drawnKey = '';
  }

  setPalette(p: Palette): void {
    this.palette = p;
    const options = compareOptions(p, this.mode, this.unit);
    this.chart.options.scales = options.scales;
    this.chart.options.plugins = options.plugins;
    const n = this.compared.length;
    this.chart.data.datasets.forEach((ds, i) => {
      ds.borderColor = i < n ? lineColour(this.compared, i, p) : spreadColour(this.compared, p);
    });
    this.drawnKey = '';
  }

  draw(): boolean {
    const key = this.compared.map((c) => `${c.ring.generation}.${c.ring.version}`).join(',');
    if (key === this.drawnKey) return false;
    this.drawnKey = key;
    const px = Math.max(50, this.chart.chartArea?.width ?? this.chart.width);
    const bucketMs = 2 ** Math.ceil(Math.log2(Math.max(1, (this.windowMs / px) * PX_PER_BUCKET)));
    const lines = percentLines(
      this.compared.map((c) => c.ring),
      this.windowMs,
      bucketMs,
    );
    const x = this.chart.options.scales!.x!;
    const n = this.compared.length;
    this.chart.data.datasets.slice(0, n).forEach((ds, i) => {
      const line = lines?.lines[i] ?? [];
      const base = lines?.bases[i] ?? NaN;
      // In price mode the % points map back to prices (the same buckets, so the same shape).
      ds.data = (
        this.mode === 'price' ? line.map((pt) => ({ x: pt.x, y: base * (1 + pt.y / 100) })) : line
      ) as XY[];
    });
    const range = lines && n >= 2 ? spreadRange(this.compared, lines.range) : null;
    const spread =
      lines && range
        ? spreadLine(
            this.compared[0]!.ring,
            this.compared[1]!.ring,
            range,
            bucketMs,
            spreadMeasure(this.unit, [lines.bases[0]!, lines.bases[1]!]),
          )
        : [];
    const spreadSet = this.chart.data.datasets[n];
    if (spreadSet) spreadSet.data = spread;
    x.min = lines?.range.start;
    x.max = lines?.range.end;
    this.chart.options.scales!.spread!.display = spreadSet?.yAxisID === 'spread';
    this.chart.update('none');
    // The prices 0 % stands for, the mode, and the spread's points, latest value and unit, for
    // tests and tools.
    this.element.dataset.bases = lines ? lines.bases.join(',') : '';
    this.element.dataset.mode = this.mode;
    const drawn = spread.filter((pt) => !Number.isNaN(pt.y));
    this.element.dataset.spreadPoints = String(drawn.length);
    this.element.dataset.spread = drawn.length ? drawn.at(-1)!.y.toFixed(2) : '';
    this.element.dataset.spreadUnit = this.unit;
    return true;
  }

  destroy(): void {
    this.chart.destroy();
  }
}
