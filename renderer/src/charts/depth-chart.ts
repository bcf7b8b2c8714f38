/**
 * Cumulative bid and ask curves around the mid (a depth chart): x is price, y the size
 * resting between the mid and that price. Drawn by the frame loop only when the book changed.
 *
 * Drawn on a plain canvas rather than with Chart.js: the book changes every frame, and each
 * Chart.js update re-measured both axes' labels and laid the chart out again, about 10 ms a
 * frame in the full dashboard bench (docs/PERFORMANCE.md) against well under 1 ms here. The
 * picture is the one Chart.js drew with the streaming options: the same nice ticks
 * (depth-axes.ts), grid, tick marks, font, stepped lines and fills.
 */
import { depthCurves, type BookView } from '../state/depth-view';
import { axisTicks, labelEvery, niceAxis, tickLabel, type NiceAxis } from './depth-axes';
import type { Palette } from './palette';
import { CHART_FONT } from './chart-font';
import type { Drawable } from './scheduler';
import type { XY } from './streaming';

/** Chart.js's defaults for a linear axis, which the depth chart had. */
const TICK_MARK_PX = 8;
const TICK_PADDING_PX = 3;
const LINE_HEIGHT_PX = Math.round(CHART_FONT.sizePx * 1.2);
const Y_MAX_TICKS = 6;
/** Horizontal ticks one per 40 px at most; labels at least 24 px apart across, 3 px down. */
const X_PX_PER_TICK = 40;
const X_LABEL_GAP_PX = 24;
const Y_LABEL_GAP_PX = 3;
/** Room above the size axis (`grace: '5%'`). */
const Y_GRACE = 0.05;

interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

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
    const sizes = niceAxis(0, Math.max(...points.map((p) => p.y)) * (1 + Y_GRACE), Y_MAX_TICKS);
    const sizeLabels = axisTicks(sizes).map((v) => tickLabel(v, sizes.decimals));
    const labelWidth = Math.max(...sizeLabels.map((l) => ctx.measureText(l).width));
    const right = this.widthPx - TICK_MARK_PX - TICK_PADDING_PX - labelWidth;
    const bottom = this.heightPx - TICK_MARK_PX - TICK_PADDING_PX - LINE_HEIGHT_PX;
    const prices = niceAxis(
      points[0]!.x,
      points.at(-1)!.x,
      Math.max(2, Math.ceil(right / X_PX_PER_TICK)),
    );
    // The first price label is centred on the left edge: leave it room.
    const firstLabel = ctx.measureText(tickLabel(prices.min, prices.decimals)).width;
    const box: Box = { left: Math.ceil(firstLabel / 2), top: LINE_HEIGHT_PX / 2, right, bottom };
    this.drawAxes(ctx, box, prices, sizes);
    this.drawCurve(
      ctx,
      box,
      prices,
      sizes,
      curves.bids,
      'before',
      this.palette.up,
      this.palette.upFill,
    );
    this.drawCurve(
      ctx,
      box,
      prices,
      sizes,
      curves.asks,
      'after',
      this.palette.down,
      askFill(this.palette),
    );
    return true;
  }

  private drawAxes(
    ctx: CanvasRenderingContext2D,
    box: Box,
    prices: NiceAxis,
    sizes: NiceAxis,
  ): void {
    const { palette } = this;
    const xOf = scale(prices, box.left, box.right);
    const yOf = scale(sizes, box.bottom, box.top);
    const priceTicks = axisTicks(prices);
    const labels = priceTicks.map((v) => tickLabel(v, prices.decimals));
    const widest = Math.max(...labels.map((l) => ctx.measureText(l).width));
    const everyPrice = labelEvery(priceTicks.length, box.right - box.left, widest + X_LABEL_GAP_PX);
    const sizeTicks = axisTicks(sizes);
    const everySize = labelEvery(
      sizeTicks.length,
      box.bottom - box.top,
      LINE_HEIGHT_PX + Y_LABEL_GAP_PX,
    );
    ctx.lineWidth = 1;
    ctx.strokeStyle = palette.grid;
    ctx.fillStyle = palette.text;
    ctx.beginPath();
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    sizeTicks.forEach((v, i) => {
      if (i % everySize !== 0) return;
      const y = crisp(yOf(v));
      ctx.moveTo(box.left, y);
      ctx.lineTo(box.right + TICK_MARK_PX, y);
      ctx.fillText(tickLabel(v, sizes.decimals), box.right + TICK_MARK_PX + TICK_PADDING_PX, y);
    });
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    priceTicks.forEach((v, i) => {
      if (i % everyPrice !== 0) return;
      const x = crisp(xOf(v));
      ctx.moveTo(x, box.top);
      ctx.lineTo(x, box.bottom + TICK_MARK_PX);
      ctx.fillText(labels[i]!, x, box.bottom + TICK_MARK_PX + TICK_PADDING_PX);
    });
    ctx.stroke();
  }

  /** A stepped line, filled down to zero, clipped to the plot (Chart.js `stepped`, `fill`). */
  private drawCurve(
    ctx: CanvasRenderingContext2D,
    box: Box,
    prices: NiceAxis,
    sizes: NiceAxis,
    points: readonly XY[],
    stepped: 'before' | 'after',
    line: string,
    fill: string,
  ): void {
    if (points.length === 0) return;
    const xOf = scale(prices, box.left, box.right);
    const yOf = scale(sizes, box.bottom, box.top);
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.right - box.left, box.bottom - box.top);
    ctx.clip();
    const trace = () => {
      let prev = points[0]!;
      ctx.moveTo(xOf(prev.x), yOf(prev.y));
      for (const p of points.slice(1)) {
        // 'before': the level's size holds up to its price; 'after': from its price on.
        if (stepped === 'after') ctx.lineTo(xOf(prev.x), yOf(p.y));
        else ctx.lineTo(xOf(p.x), yOf(prev.y));
        ctx.lineTo(xOf(p.x), yOf(p.y));
        prev = p;
      }
    };
    // The fill under the line, then the line over it, as Chart.js's Filler draws them.
    ctx.beginPath();
    trace();
    ctx.lineTo(xOf(points.at(-1)!.x), yOf(0));
    ctx.lineTo(xOf(points[0]!.x), yOf(0));
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.beginPath();
    trace();
    ctx.lineWidth = 1;
    ctx.strokeStyle = line;
    ctx.stroke();
    ctx.restore();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.stale = true;
  }

  destroy(): void {
    this.resize?.disconnect();
  }
}

/** Maps an axis's range onto pixels `from` (its min) to `to` (its max). */
function scale(axis: NiceAxis, from: number, to: number): (v: number) => number {
  const span = axis.max - axis.min;
  return (v) => from + ((v - axis.min) / span) * (to - from);
}

/** A 1-pixel line's centre on a pixel, so it is drawn sharp rather than across two. */
const crisp = (px: number) => Math.round(px) + 0.5;

/** The asks' fill: their colour at the opacity the bids' fill has. */
const askFill = (p: Palette) => p.downFill.replace(/[\d.]+\)$/, '0.35)');
