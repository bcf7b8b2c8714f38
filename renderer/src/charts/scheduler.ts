/**
 * One animation-frame loop for every chart: each frame, charts that are visible (on screen and
 * the page not hidden) and whose data changed redraw once, with `update('none')`. Batches can
 * arrive faster than frames; they only mark data dirty, so a burst costs one redraw.
 */
import { FrameMetrics, type TickdeckMetrics } from '../state/frame-metrics';

/** Something the loop can redraw. `draw` returns false when nothing had changed. */
export interface Drawable {
  readonly element: Element;
  draw(): boolean;
}

declare global {
  interface Window {
    /** Renderer performance figures for benchmarks and tests (see frame-metrics.ts). */
    __tickdeckMetrics?: TickdeckMetrics;
  }
}

export class FrameScheduler {
  readonly metrics = new FrameMetrics();
  /** When true, charts keep their last picture (data still accumulates). */
  paused = false;
  private readonly visible = new Map<Element, boolean>();
  private readonly drawables = new Set<Drawable>();
  private readonly observer: IntersectionObserver | null;
  private pendingTickTs: number | null = null;
  private pending = false;
  private handle = 0;
  private running = false;

  constructor() {
    this.observer =
      typeof IntersectionObserver === 'function'
        ? new IntersectionObserver((entries) => {
            for (const e of entries) this.visible.set(e.target, e.isIntersecting);
          })
        : null;
  }

  /** Adds a chart to the loop; returns the function that removes it. */
  register(d: Drawable): () => void {
    this.drawables.add(d);
    this.visible.set(d.element, true);
    this.observer?.observe(d.element);
    this.start();
    return () => {
      this.drawables.delete(d);
      this.observer?.unobserve(d.element);
      this.visible.delete(d.element);
    };
  }

  /** A batch was folded into the series; the next frame draws it. */
  batchArrived(newestTickTs: number | null): void {
    this.pending = true;
    if (newestTickTs !== null) {
      this.pendingTickTs = Math.max(this.pendingTickTs ?? newestTickTs, newestTickTs);
    }
  }

  start(): void {
    if (this.running || typeof requestAnimationFrame !== 'function') return;
    this.running = true;
    this.handle = requestAnimationFrame(this.frame);
  }

  stop(): void {
    this.running = false;
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.handle);
    this.observer?.disconnect();
  }

  /** Draws every visible, changed chart now (one frame's work). */
  drawNow(): void {
    if (this.paused || document.hidden) return;
    for (const d of this.drawables) {
      if (this.visible.get(d.element) !== false) d.draw();
    }
    if (this.pending) {
      this.metrics.recordDraw(Date.now(), this.pendingTickTs);
      this.pending = false;
      this.pendingTickTs = null;
    }
  }

  private readonly frame = (): void => {
    if (!this.running) return;
    this.metrics.recordFrame(performance.now());
    this.drawNow();
    window.__tickdeckMetrics = this.metrics.snapshot();
    this.handle = requestAnimationFrame(this.frame);
  };
}
