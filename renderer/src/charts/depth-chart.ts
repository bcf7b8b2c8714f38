/**
 * Cumulative bid and ask curves around the mid (a depth chart): x is price, y the size
 * resting between the mid and that price. Drawn by the frame loop only when the book changed.
 *
 * Drawn on a plain canvas rather than with Chart.js: the book changes every frame, and each
 * Chart.js update re-measured both axes' labels and laid the chart out again, about 10 ms a
 * frame in the full dashboard bench (docs/PERFORMANCE.md) against well under 1 ms here. The
 * picture is the one Chart.js drew with the streaming options (depth-plot.ts): the same nice
 * ticks (depth-axes.ts), grid, tick marks, font, stepped lines and fills.
 */
import { depthCurves, type BookView } from '../state/depth-view';
import { CHART_FONT } from './chart-font';
import { drawAxes, drawCurve, layoutPlot } from './depth-plot';
import type { Palette } from './palette';
import type { Drawable } from './scheduler';

export class DepthChart implements Drawable {
  readonly element: HTMLCanvasElement;
  /** Null when the browser gives no 2D context (too many canvases): the chart stays empty. */
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly resize: ResizeObserver | null;
  private palette: Palette;
  private book: BookView | null = null;
  private drawn: BookView | null = null;
  private widthPx = 0;
  private heightPx = 0;
  /** The canvas's size or palette changed since the last draw. */
  private stale = true;
  /** The device pixel ratio of the last draw: a window moved to another screen redraws. */
  private drawnRatio = 0;

  constructor(canvas: HTMLCanvasElement, palette: Palette) {
    this.element = canvas;
    this.ctx = canvas.getContext('2d');
    this.palette = palette;
    // Out of the flow, so the canvas follows its box and never sizes it.
    canvas.style.cssText = 'position: absolute; inset: 0; width: 100%; height: 100%;';
    const box = canvas.parentElement ?? canvas;
    this.resize =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(([entry]) => {
            if (!entry) return;
            this.widthPx = entry.contentRect.width;
            this.heightPx = entry.contentRect.height;
            this.stale = true;
          })
        : null;
    this.resize?.observe(box);
  }

  /** The book to show from the next frame. */
  setBook(book: BookView | null): void {
    this.book = book;
  }

  draw(): boolean {
    const ratio = window.devicePixelRatio || 1;
    if (this.book === this.drawn && !this.stale && ratio === this.drawnRatio) return false;
    this.drawn = this.book;
    this.stale = false;
    this.drawnRatio = ratio;
    const { ctx, element: canvas } = this;
    if (ctx === null) return false;
    const w = Math.round(this.widthPx * ratio);
    const h = Math.round(this.heightPx * ratio);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.widthPx, this.heightPx);
    const curves = this.book ? depthCurves(this.book) : { bids: [], asks: [] };
    const points = [...curves.bids, ...curves.asks];
    if (points.length === 0 || this.widthPx <= 0 || this.heightPx <= 0) return true;
    ctx.font = `${CHART_FONT.sizePx}px ${CHART_FONT.family}`;
    const plot = layoutPlot(ctx, points, this.widthPx, this.heightPx);
    drawAxes(ctx, plot, this.palette);
    drawCurve(ctx, plot, curves.bids, 'before', this.palette.up, this.palette.upFill);
    drawCurve(ctx, plot, curves.asks, 'after', this.palette.down, askFill(this.palette));
    return true;
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.stale = true;
  }

  destroy(): void {
    this.resize?.disconnect();
  }
}

/** The asks' fill: their colour at the opacity the bids' fill has. */
const askFill = (p: Palette) => p.downFill.replace(/[\d.]+\)$/, '0.35)');
