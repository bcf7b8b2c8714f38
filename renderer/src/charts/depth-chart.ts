/**
 * Cumulative bid and ask curves around the mid (a depth chart): x is price, y the size
 * resting between the mid and that price. Drawn by the frame loop only when the book changed.
 */
import { Chart } from 'chart.js';
import { depthCurves, type BookView } from '../state/depth-view';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { streamingOptions, type XY } from './streaming';

export class DepthChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart<'line', XY[]>;
  private book: BookView | null = null;
  private drawn: BookView | null = null;

  constructor(canvas: HTMLCanvasElement, palette: Palette) {
    registerCharts();
    this.element = canvas;
    const options = streamingOptions(palette);
    options.plugins!.decimation = { enabled: false, algorithm: 'min-max' };
    options.scales!.x = { ...options.scales!.x, type: 'linear' } as never;
    // Cumulative sizes: the axis starts at nothing, not at the grace below it.
    options.scales!.y = { ...options.scales!.y, min: 0 } as never;
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          {
            data: [],
            stepped: 'before',
            fill: 'origin',
            borderColor: palette.up,
            backgroundColor: palette.upFill,
          },
          {
            data: [],
            stepped: 'after',
            fill: 'origin',
            borderColor: palette.down,
            backgroundColor: palette.downFill,
          },
        ],
      },
      options,
    });
    this.setPalette(palette);
  }

  /** The book to show from the next frame. */
  setBook(book: BookView | null): void {
    this.book = book;
  }

  draw(): boolean {
    if (this.book === this.drawn) return false;
    this.drawn = this.book;
    const curves = this.book ? depthCurves(this.book) : { bids: [], asks: [] };
    this.chart.data.datasets[0]!.data = curves.bids;
    this.chart.data.datasets[1]!.data = curves.asks;
    this.chart.update('none');
    return true;
  }

  setPalette(p: Palette): void {
    const [bids, asks] = this.chart.data.datasets;
    bids!.borderColor = p.up;
    bids!.backgroundColor = p.upFill;
    asks!.borderColor = p.down;
    asks!.backgroundColor = p.downFill.replace(/[\d.]+\)$/, '0.35)');
    this.drawn = null;
  }

  destroy(): void {
    this.chart.destroy();
  }
}
