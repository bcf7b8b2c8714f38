/**
 * One source's ticks per second, over the last completed window of its running total: read
 * when the health bar asks, so it costs the fold nothing.
 */

/** Length of the window a source's tick rate is counted over, ms. */
export const TICK_RATE_WINDOW_MS = 1_000;

export class TickRate {
  private windowStart: number;
  private windowTicks = 0;
  private perSec = 0;

  constructor(now: number) {
    this.windowStart = now;
  }

  /** The rate of the last completed window, `total` being the ticks counted since the start. */
  read(total: number, now: number): number {
    if (now - this.windowStart >= TICK_RATE_WINDOW_MS) {
      this.perSec = Math.round(((total - this.windowTicks) * 1_000) / (now - this.windowStart));
      this.windowStart = now;
      this.windowTicks = total;
    }
    return this.perSec;
  }
}
