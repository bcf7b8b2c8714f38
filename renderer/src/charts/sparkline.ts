/**
 * Watchlist sparklines drawn straight onto a small canvas: a Chart.js instance per row would
 * cost more than the row it decorates.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
// The points a sparkline shows (the most recent) set the history floor of every series.
import { SPARKLINE_POINTS } from '../../../shared/history-budget';
import { PRICE } from '../state/series-store';
import type { Drawable } from './scheduler';

/** CSS size of a sparkline canvas, fixed so a draw never reads layout. */
export const SPARKLINE_WIDTH_PX = 72;
export const SPARKLINE_HEIGHT_PX = 18;
/**
 * Shortest time between two redraws of one sparkline. A 72 px trend line looks the same at 4
 * redraws a second as at 60, and redrawing every sparkline on every batch was the page's largest
 * script cost; the first draw and a colour change are not held back.
 */
export const SPARKLINE_REDRAW_INTERVAL_MS = 250;

export interface SparklineColors {
  readonly up: string;
  readonly down: string;
}

export class Sparkline implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly ring: ColumnarRing;
  private readonly now: () => number;
  private colors: SparklineColors;
  private ctx: CanvasRenderingContext2D | null = null;
  private drawnVersion = -1;
  private drawnGeneration = -1;
  /** When the last picture was drawn (`now()` ms); -Infinity draws on the next frame. */
  private drawnAt = -Infinity;

  constructor(
    canvas: HTMLCanvasElement,
    ring: ColumnarRing,
    colors: SparklineColors,
    now: () => number = () => performance.now(),
  ) {
    this.element = canvas;
    this.ring = ring;
    this.colors = colors;
    this.now = now;
  }

  setColors(colors: SparklineColors): void {
    if (colors.up === this.colors.up && colors.down === this.colors.down) return;
    this.colors = colors;
    this.drawnVersion = -1;
    this.drawnAt = -Infinity;
  }

  /** Redraws when the series changed and the last draw is old enough; true when it drew. */
  draw(): boolean {
    const ring = this.ring;
    if (ring.version === this.drawnVersion && ring.generation === this.drawnGeneration)
      return false;
    const now = this.now();
    if (now - this.drawnAt < SPARKLINE_REDRAW_INTERVAL_MS) return false;
    const ctx = this.context();
    if (!ctx) return false;
    this.drawnVersion = ring.version;
    this.drawnGeneration = ring.generation;
    this.drawnAt = now;
    const w = SPARKLINE_WIDTH_PX;
    const h = SPARKLINE_HEIGHT_PX;
    const dpr = window.devicePixelRatio || 1;
    const canvas = this.element;
    if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
    if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const from = Math.max(ring.start, ring.end - SPARKLINE_POINTS);
    const n = ring.end - from;
    if (n < 2) return true;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < ring.end; i++) {
      const v = ring.at(i, PRICE.price);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo || 1;
    const first = ring.at(from, PRICE.price);
    const last = ring.at(ring.end - 1, PRICE.price);
    ctx.strokeStyle = last >= first ? this.colors.up : this.colors.down;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const x = (i / (n - 1)) * (w - 2) + 1;
      const y = h - 1 - ((ring.at(from + i, PRICE.price) - lo) / span) * (h - 2);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    return true;
  }

  private context(): CanvasRenderingContext2D | null {
    return (this.ctx ??= this.element.getContext('2d'));
  }
}
