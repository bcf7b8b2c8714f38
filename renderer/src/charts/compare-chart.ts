/**
 * Several instruments on one axis, in % from a common start (compare-lines.ts), with a legend:
 * the overlay the watchlist's Shift-click comparison offers beside the side-by-side charts.
 * Lines differ by colour and dash, so they stay apart without colour vision.
 */
import { Chart, type ChartOptions } from 'chart.js';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { percentLines } from './compare-lines';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { streamingOptions, type XY } from './streaming';

/** Okabe–Ito colours after the theme's own line colour; readable on both themes. */
const COLOURS = ['#e69f00', '#009e73', '#cc79a7'];
const DASHES: readonly number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
const PX_PER_BUCKET = 2;

/** One compared instrument: its id (the legend) and its price ring. */
export interface Compared {
  readonly id: string;
  readonly ring: ColumnarRing;
}

export class CompareChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart<'line', XY[]>;
  private compared: readonly Compared[] = [];
  private windowMs: number;
  private palette: Palette;
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
      options: compareOptions(palette),
    });
    this.setSource(compared, windowMs);
  }

  /** Compares other instruments or another window; the next draw rebuilds. */
  setSource(compared: readonly Compared[], windowMs: number): void {
    this.compared = compared;
    this.windowMs = windowMs;
    this.chart.data.datasets = compared.map((c, i) => ({
      label: c.id,
      data: [],
      borderColor: i === 0 ? this.palette.line : COLOURS[(i - 1) % COLOURS.length],
      borderDash: DASHES[i % DASHES.length],
      borderWidth: 1.25,
      spanGaps: false,
    }));
    this.drawnKey = '';
  }

  setPalette(p: Palette): void {
    this.palette = p;
    const options = compareOptions(p);
    this.chart.options.scales = options.scales;
    this.chart.options.plugins = options.plugins;
    if (this.chart.data.datasets[0]) this.chart.data.datasets[0].borderColor = p.line;
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
    this.chart.data.datasets.forEach((ds, i) => (ds.data = (lines?.lines[i] ?? []) as XY[]));
    x.min = lines?.range.start;
    x.max = lines?.range.end;
    this.chart.update('none');
    // The prices 0 % stands for, for tests and tools.
    this.element.dataset.bases = lines ? lines.bases.join(',') : '';
    return true;
  }

  destroy(): void {
    this.chart.destroy();
  }
}

/** The streaming options with a legend and a % axis. */
function compareOptions(p: Palette): ChartOptions<'line'> {
  const options = streamingOptions(p);
  options.plugins!.decimation = { enabled: false, algorithm: 'min-max' }; // decimated already
  options.plugins!.legend = {
    display: true,
    position: 'top',
    align: 'start',
    labels: { color: p.text, boxWidth: 18, boxHeight: 1, font: { size: 11 } },
  };
  options.scales!.y!.ticks = {
    color: p.text,
    maxTicksLimit: 6,
    callback: (v) => `${Number(v) > 0 ? '+' : ''}${Number(v).toFixed(2)} %`,
  };
  return options;
}
