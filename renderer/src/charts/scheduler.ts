/**
 * One animation-frame loop for every chart: each frame, charts that are visible (on screen and
 * the page not hidden) and whose data changed redraw once, with `update('none')`. Batches can
 * arrive faster than frames; they only mark data dirty, so a burst costs one redraw.
 *
 * A batch's redraws are spread over the two frames it has (30 batches a second, 60 frames):
 * once the frame's draws have used {@link DRAW_BUDGET_MS}, the charts not yet visited wait for
 * the next frame, where they are drawn first and never wait again, so no chart is more than
 * one frame late. A frame holding every redraw overran on a shared machine and the next had
 * nothing (docs/PERFORMANCE.md, "A batch's drawing spread over its frames").
 */
import { FrameMetrics, type TickdeckMetrics } from '../state/frame-metrics';

/**
 * Script a frame's chart draws may use before the charts left wait for the next frame, ms.
 * A full-width chart's update takes about 2 ms of script and as much again rasterised after
 * the frame's callbacks, so past this the frame holds about half a frame's work.
 */
export const DRAW_BUDGET_MS = 2;

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
  /** The charts the last frame left for this one, in the order they were reached. */
  private waiting: Drawable[] = [];
  /** A batch whose drawing began last frame and ends this one: its newest tick's time. */
  private carried: { tickTs: number | null } | null = null;
  private handle = 0;
  private running = false;

  constructor(
    private readonly budgetMs = DRAW_BUDGET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
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

  /**
   * One frame's work: the charts left by the last frame, then the others until the draws have
   * used the budget; those not reached wait for the next frame.
   */
  drawNow(): void {
    if (this.paused || document.hidden) return;
    const opened = this.pending ? { tickTs: this.pendingTickTs } : null;
    this.pending = false;
    this.pendingTickTs = null;
    const start = this.now();
    const waited = this.waiting;
    this.waiting = [];
    let spent = false;
    for (const d of waited) {
      if (this.drawables.has(d) && this.drawOne(d) && this.now() - start >= this.budgetMs)
        spent = true;
    }
    for (const d of this.drawables) {
      if (waited.includes(d)) continue;
      if (spent) this.waiting.push(d);
      else if (this.drawOne(d) && this.now() - start >= this.budgetMs) spent = true;
    }
    this.recordDrawn(opened);
  }

  /** Draws one chart if it is visible; true when it drew. */
  private drawOne(d: Drawable): boolean {
    return this.visible.get(d.element) !== false && d.draw();
  }

  /**
   * Tick to pixel is taken when a batch's last chart is drawn. A batch carried from the last
   * frame always ends in this one; when this frame's own batch ends too, every chart shows
   * the newer one, which is the frame's figure (frame-metrics.ts: the newest tick drawn).
   */
  private recordDrawn(opened: { tickTs: number | null } | null): void {
    const ended = this.waiting.length === 0 && opened !== null ? opened : this.carried;
    if (ended !== null) this.metrics.recordDraw(Date.now(), ended.tickTs);
    this.carried = this.waiting.length === 0 ? null : opened;
  }

  private readonly frame = (): void => {
    if (!this.running) return;
    this.metrics.recordFrame(performance.now());
    this.drawNow();
    window.__tickdeckMetrics = this.metrics.snapshot();
    this.handle = requestAnimationFrame(this.frame);
  };
}
