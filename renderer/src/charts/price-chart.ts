/**
 * Live price line over a sliding time window, fed from a price ring. New ring points are
 * appended to the chart's own array (no copy of the window per frame); points that slid out
 * of the window are trimmed in chunks so the array never grows without bound.
 */
import { Chart } from 'chart.js';
import type { SeriesRing } from '../state/ring-buffer';
import { PRICE } from '../state/series-store';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { streamingOptions, type XY } from './streaming';

/** Trim the point array once this many points have slid out of the window. */
const TRIM_CHUNK = 512;
/** Narrowest time span shown while the window fills. */
const MIN_SPAN_MS = 30_000;

export class PriceChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart<'line', XY[]>;
  private readonly points: XY[] = [];
  private ring: SeriesRing;
  private windowMs: number;
  private readTotal = 0;
  private generation = -1;
  private drawnVersion = -1;

  constructor(canvas: HTMLCanvasElement, ring: SeriesRing, windowMs: number, palette: Palette) {
    registerCharts();
    this.element = canvas;
    this.ring = ring;
    this.windowMs = windowMs;
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          {
            data: this.points,
            borderColor: palette.line,
            backgroundColor: palette.fill,
            fill: 'start',
          },
        ],
      },
      options: streamingOptions(palette),
    });
  }

  /** Shows another instrument or window; the next draw rebuilds from the ring. */
  setSource(ring: SeriesRing, windowMs: number): void {
    if (ring === this.ring && windowMs === this.windowMs) return;
    this.ring = ring;
    this.windowMs = windowMs;
    this.generation = -1;
  }

  setPalette(p: Palette): void {
    const opts = streamingOptions(p);
    this.chart.options.scales = opts.scales;
    const ds = this.chart.data.datasets[0]!;
    ds.borderColor = p.line;
    ds.backgroundColor = p.fill;
    this.drawnVersion = -1;
  }

  draw(): boolean {
    const ring = this.ring;
    if (ring.generation === this.generation && ring.version === this.drawnVersion) return false;
    const newest = ring.last(PRICE.t);
    const minX = newest - this.windowMs;
    if (ring.generation !== this.generation) {
      this.points.length = 0;
      this.generation = ring.generation;
      this.readTotal = ring.total > 0 ? Math.max(ring.first, ring.lowerBound(minX) - 1) : 0;
    }
    for (let i = Math.max(this.readTotal, ring.first); i < ring.total; i++) {
      this.points.push({ x: ring.get(PRICE.t, i), y: ring.get(PRICE.price, i) });
    }
    this.readTotal = ring.total;
    this.trim(minX);
    // Until the window fills, show the data held (at least MIN_SPAN_MS) rather than a sliver.
    const oldest = this.points[0]?.x ?? newest;
    const x = this.chart.options.scales!.x!;
    x.min = Number.isFinite(newest)
      ? Math.max(minX, Math.min(oldest, newest - MIN_SPAN_MS))
      : undefined;
    x.max = Number.isFinite(newest) ? newest : undefined;
    this.chart.update('none');
    this.drawnVersion = ring.version;
    return true;
  }

  destroy(): void {
    this.chart.destroy();
  }

  private trim(minX: number): void {
    let out = 0;
    // Keep one point left of the window so the line enters from the edge.
    while (out + 1 < this.points.length && this.points[out + 1]!.x < minX) out++;
    if (out >= TRIM_CHUNK) this.points.splice(0, out);
  }
}
