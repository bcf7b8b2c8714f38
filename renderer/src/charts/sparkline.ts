/**
 * Watchlist sparklines drawn straight onto a small canvas: twenty Chart.js instances would
 * cost more than the rows they decorate.
 */
import type { SeriesRing } from '../state/ring-buffer';
import { PRICE } from '../state/series-store';
import type { Drawable } from './scheduler';

/** Points a sparkline shows (the most recent). */
export const SPARKLINE_POINTS = 240;

export class Sparkline implements Drawable {
  readonly element: HTMLCanvasElement;
  private drawnVersion = -1;
  private drawnGeneration = -1;
  private ring: SeriesRing;

  constructor(
    canvas: HTMLCanvasElement,
    ring: SeriesRing,
    private colors: { up: string; down: string },
  ) {
    this.element = canvas;
    this.ring = ring;
  }

  setColors(colors: { up: string; down: string }): void {
    this.colors = colors;
    this.drawnVersion = -1;
  }

  draw(): boolean {
    const ring = this.ring;
    if (ring.version === this.drawnVersion && ring.generation === this.drawnGeneration)
      return false;
    this.drawnVersion = ring.version;
    this.drawnGeneration = ring.generation;
    const canvas = this.element;
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
    if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return false;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const from = Math.max(ring.first, ring.total - SPARKLINE_POINTS);
    const n = ring.total - from;
    if (n < 2) return true;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < ring.total; i++) {
      const v = ring.get(PRICE.price, i);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo || 1;
    const first = ring.get(PRICE.price, from);
    const last = ring.get(PRICE.price, ring.total - 1);
    ctx.strokeStyle = last >= first ? this.colors.up : this.colors.down;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const x = (i / (n - 1)) * (w - 2) + 1;
      const y = h - 1 - ((ring.get(PRICE.price, from + i) - lo) / span) * (h - 2);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    return true;
  }
}
