/**
 * Watchlist session sparklines drawn straight onto a small canvas: a Chart.js instance per row
 * would cost more than the row it decorates. A sparkline spans the instrument's session (the
 * bar closes since the first bar this page holds), not the last few seconds of ticks, and is
 * coloured by the change since the session open, so a crash reads as a crash all day.
 */
import { BAR_INTERVALS_MS } from '../../../protocol/batch';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { BAR } from '../state/series-store';
import { RedrawPace } from './redraw-pace';
import type { Drawable } from './scheduler';

/** Most points a sparkline draws: two per CSS pixel; longer sessions are sampled. */
export const SPARKLINE_MAX_POINTS = 144;
/** CSS size of a sparkline canvas, fixed so a draw never reads layout. */
export const SPARKLINE_WIDTH_PX = 72;
export const SPARKLINE_HEIGHT_PX = 18;
/**
 * Shortest time between two redraws of one sparkline. A 72 px line over the whole session moves
 * its tip by about a pixel a second, so once a second shows what 60 a second would; each redraw
 * costs the page far more than its script (the canvas repainted and handed to the compositor:
 * with the sparklines hidden, the main dashboard's frame cost 2–3 ms less, docs/PERFORMANCE.md
 * "Four windows on three sources", 5 Dec). The first draw and a colour change are not held back.
 */
export const SPARKLINE_REDRAW_INTERVAL_MS = 1_000;

/**
 * The bar ring that shows the whole session in the most detail: of rings ordered finest first
 * (one per {@link BAR_INTERVALS_MS}), the first whose first bar lies within the coarsest ring's
 * first bar, i.e. that reaches back as far; else the coarsest.
 */
export function sessionRing(rings: readonly ColumnarRing[]): ColumnarRing | undefined {
  const coarsest = rings.at(-1);
  if (!coarsest || coarsest.end === 0) return rings.find((r) => r.end > 0);
  const end = coarsest.at(coarsest.start, BAR.t) + BAR_INTERVALS_MS[rings.length - 1]!;
  return rings.find((r) => r.end > 0 && r.at(r.start, BAR.t) < end);
}

export interface SparklineColors {
  readonly up: string;
  readonly down: string;
}

export class Sparkline implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly rings: readonly ColumnarRing[];
  private readonly pace: RedrawPace;
  private colors: SparklineColors;
  /** The session's opening price (NaN: the first bar's open stands in). */
  private open = NaN;
  private drawnRing: ColumnarRing | undefined;
  private ctx: CanvasRenderingContext2D | null = null;
  private drawnVersion = -1;
  private drawnGeneration = -1;

  constructor(
    canvas: HTMLCanvasElement,
    /** Bar rings of the instrument, finest interval first. */
    rings: readonly ColumnarRing[],
    colors: SparklineColors,
    now: () => number = () => performance.now(),
  ) {
    this.element = canvas;
    this.rings = rings;
    this.colors = colors;
    this.pace = new RedrawPace(SPARKLINE_REDRAW_INTERVAL_MS, now);
  }

  setColors(colors: SparklineColors): void {
    if (colors.up === this.colors.up && colors.down === this.colors.down) return;
    this.colors = colors;
    this.drawnVersion = -1;
    this.pace.release();
  }

  /** The session's opening price, which sets the colour (and is drawn as a dotted line). */
  setOpen(open: number): void {
    if (Object.is(open, this.open)) return;
    this.open = open;
    this.drawnVersion = -1;
  }

  /** Redraws when the series changed and the last draw is old enough; true when it drew. */
  draw(): boolean {
    const ring = sessionRing(this.rings);
    if (
      ring === this.drawnRing &&
      (!ring || (ring.version === this.drawnVersion && ring.generation === this.drawnGeneration))
    )
      return false;
    const ctx = this.context();
    if (!ctx || !this.pace.take()) return false;
    this.drawnRing = ring;
    this.drawnVersion = ring?.version ?? -1;
    this.drawnGeneration = ring?.generation ?? -1;
    const w = SPARKLINE_WIDTH_PX;
    const h = SPARKLINE_HEIGHT_PX;
    const dpr = window.devicePixelRatio || 1;
    const canvas = this.element;
    if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
    if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!ring || ring.end - ring.start < 1) return true;
    const from = ring.start;
    const n = ring.end - from;
    const open = Number.isNaN(this.open) ? ring.at(from, BAR.o) : this.open;
    // The line starts at the open, then follows the bar closes.
    const values = [open];
    const stride = Math.ceil(n / (SPARKLINE_MAX_POINTS - 1));
    for (let i = from + ((n - 1) % stride); i < ring.end; i += stride)
      values.push(ring.at(i, BAR.c));
    let lo = open;
    let hi = open;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo || 1;
    const y = (v: number) => h - 1 - ((v - lo) / span) * (h - 2);
    const last = values.at(-1)!;
    const color = last >= open ? this.colors.up : this.colors.down;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    // The open, dotted, so a move reads against where the session began.
    ctx.setLineDash?.([1, 2]);
    ctx.beginPath();
    ctx.moveTo(0, y(open));
    ctx.lineTo(w, y(open));
    ctx.globalAlpha = 0.5;
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.setLineDash?.([]);
    ctx.beginPath();
    for (let i = 0; i < values.length; i++) {
      const x = (i / Math.max(1, values.length - 1)) * (w - 2) + 1;
      if (i === 0) ctx.moveTo(x, y(values[i]!));
      else ctx.lineTo(x, y(values[i]!));
    }
    ctx.stroke();
    return true;
  }

  private context(): CanvasRenderingContext2D | null {
    return (this.ctx ??= this.element.getContext('2d'));
  }
}
