/**
 * Several instruments on one axis, in % from a common start (compare-lines.ts) or in price,
 * with a legend: the overlay the watchlist's Shift-click comparison offers beside the
 * side-by-side charts, for instruments of any source. With two or more, the spread of the
 * second over the first, in basis points, is a line of its own on its own axis
 * (spread-line.ts). Lines differ by colour and dash, so they stay apart without colour vision.
 * A line whose source is not live is drawn grey (and so is the spread it takes part in), while
 * the lines of live sources keep their colours.
 */
import { Chart, type ChartOptions } from 'chart.js';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { percentLines } from './compare-lines';
import { formatBp, spreadLine } from './spread-line';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { streamingOptions, type XY } from './streaming';

/** Okabe–Ito colours after the theme's own line colour; readable on both themes. */
const COLOURS = ['#e69f00', '#009e73', '#cc79a7'];
const DASHES: readonly number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
const PX_PER_BUCKET = 2;

/** How the compared lines are scaled: % from the common start, or the prices themselves. */
export type CompareMode = 'percent' | 'price';

/** The spread line's colour: apart from the instruments' own. */
const SPREAD_COLOUR = '#d55e00';

/** One compared instrument: its id (the legend), its price ring, and why it is old, if it is. */
export interface Compared {
  readonly id: string;
  readonly ring: ColumnarRing;
  /** Why the data is old (the source is not live), or null while it delivers. */
  readonly stale: string | null;
}

export class CompareChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart<'line', XY[]>;
  private compared: readonly Compared[] = [];
  private windowMs: number;
  private palette: Palette;
  private mode: CompareMode = 'percent';
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
    if (mode !== this.mode) {
      this.mode = mode;
      this.chart.options.scales = compareOptions(this.palette, mode).scales;
    }
    this.chart.data.datasets = compared.map((c, i) => ({
      label: c.stale ? `${c.id} (source not live)` : c.id,
      data: [],
      borderColor: this.lineColour(i),
      borderDash: DASHES[i % DASHES.length],
      borderWidth: 1.25,
      spanGaps: false,
      yAxisID: 'y',
    }));
    if (compared.length >= 2)
      this.chart.data.datasets.push({
        label: `spread ${compared[1]!.id} − ${compared[0]!.id} (bp)`,
        data: [],
        borderColor: this.spreadColour(),
        borderDash: [1, 2],
        borderWidth: 1,
        spanGaps: false,
        yAxisID: 'spread',
      });
    // Which lines are grey, for tests and tools.
    this.element.dataset.staleSeries = compared
      .filter((c) => c.stale)
      .map((c) => c.id)
      .join(',');
    this.drawnKey = '';
  }

  /**
   * Line `i`'s colour: the theme's grey text colour while its source is not live (old data,
   * not moves), else the theme's line colour or its own.
   */
  private lineColour(i: number): string {
    if (this.compared[i]?.stale) return this.palette.text;
    return i === 0 ? this.palette.line : COLOURS[(i - 1) % COLOURS.length]!;
  }

  /** The spread's colour: grey while either of its two lines is. */
  private spreadColour(): string {
    const [a, b] = this.compared;
    return a?.stale || b?.stale ? this.palette.text : SPREAD_COLOUR;
  }

  setPalette(p: Palette): void {
    this.palette = p;
    const options = compareOptions(p, this.mode);
    this.chart.options.scales = options.scales;
    this.chart.options.plugins = options.plugins;
    const n = this.compared.length;
    this.chart.data.datasets.forEach((ds, i) => {
      ds.borderColor = i < n ? this.lineColour(i) : this.spreadColour();
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
    const spread =
      lines && n >= 2
        ? spreadLine(this.compared[0]!.ring, this.compared[1]!.ring, lines.range, bucketMs)
        : [];
    const spreadSet = this.chart.data.datasets[n];
    if (spreadSet) spreadSet.data = spread;
    x.min = lines?.range.start;
    x.max = lines?.range.end;
    this.chart.options.scales!.spread!.display = n >= 2;
    this.chart.update('none');
    // The prices 0 % stands for, the mode, and the spread's points and latest value (bp), for
    // tests and tools.
    this.element.dataset.bases = lines ? lines.bases.join(',') : '';
    this.element.dataset.mode = this.mode;
    const drawn = spread.filter((pt) => !Number.isNaN(pt.y));
    this.element.dataset.spreadPoints = String(drawn.length);
    this.element.dataset.spreadBp = drawn.length ? drawn.at(-1)!.y.toFixed(2) : '';
    return true;
  }

  destroy(): void {
    this.chart.destroy();
  }
}

/** True when `a` and `b` draw the same lines: the same instruments, rings and staleness. */
function sameLines(a: readonly Compared[], b: readonly Compared[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => c.id === b[i]!.id && c.ring === b[i]!.ring && !c.stale === !b[i]!.stale)
  );
}

/** The streaming options with a legend, a % or price axis, and the spread's bp axis. */
function compareOptions(p: Palette, mode: CompareMode): ChartOptions<'line'> {
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
    callback:
      mode === 'percent'
        ? (v) => `${Number(v) > 0 ? '+' : ''}${Number(v).toFixed(2)} %`
        : (v) => Number(v).toLocaleString(undefined, { maximumSignificantDigits: 8 }),
  };
  options.scales!.spread = {
    type: 'linear',
    position: 'right',
    display: false,
    grid: { drawOnChartArea: false },
    ticks: {
      color: p.text,
      maxTicksLimit: 6,
      callback: (v) => formatBp(Number(v)),
    },
  };
  return options;
}
