/**
 * How often a chart whose picture moves slowly may redraw: at most once every `intervalMs`,
 * except when asked to draw at once (its first draw, a new colour). A redraw costs
 * the page more than its script: the canvas is repainted and handed to the compositor.
 */
export class RedrawPace {
  /** When the last picture was drawn (`now()` ms); -Infinity lets the next draw through. */
  private drawnAt = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when a redraw may happen now; it is then counted as drawn. */
  take(): boolean {
    const now = this.now();
    if (now - this.drawnAt < this.intervalMs) return false;
    this.drawnAt = now;
    return true;
  }

  /** Lets the next redraw through at once. */
  release(): void {
    this.drawnAt = -Infinity;
  }
}
