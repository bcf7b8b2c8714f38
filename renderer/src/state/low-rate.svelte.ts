/**
 * A value shown at most once per interval: the first at once, a later one when its interval
 * is over (the newest wins). For the text the canvas lists keep beside their pictures, for
 * screen readers and the e2e specs: rewriting it on every batch is the DOM work the canvas
 * saves.
 */
export class LowRate<T> {
  /** The value to show: the newest given, as of the last interval's end. */
  shown = $state.raw() as T;
  private latest: T;
  private shownAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    initial: T,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
    this.shown = initial;
    this.latest = initial;
  }

  /** The value to show, now if the interval since the last one shown is over, else at its end. */
  set(value: T): void {
    this.latest = value;
    // Nothing new to show: the interval is kept for a value that is.
    if (this.timer !== undefined || value === this.shown) return;
    const wait = this.shownAt + this.intervalMs - this.now();
    if (wait <= 0) this.show();
    else this.timer = setTimeout(this.show, wait);
  }

  /** Drops a pending update (the component showing the value is going away). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly show = (): void => {
    this.timer = undefined;
    this.shownAt = this.now();
    this.shown = this.latest;
  };
}
