/**
 * Whether a source's clock runs ahead of this machine's: its ticks arrive stamped in the
 * future. Charts' time axes, the trade tape and kick-off times show a source's own times (the
 * data's truth), so a relay 10 min ahead drew the ACME line at 19:23 when it was 19:13, and
 * nothing said why (bug 258). A tick can only arrive after it was stamped, so each one arriving
 * stamped ahead shows the source's clock at least that far ahead; the least ahead tick of a
 * window is the bound all its ticks agree on, and one stray stamp cannot raise it.
 *
 * A clock behind cannot be told this way: its ticks look late, as over a slow path, and the
 * latency figures show it as delay.
 */

/** Ticks of a window all arriving stamped this far ahead or more say the clock is ahead, ms. */
export const CLOCK_AHEAD_MS = 5_000;
/**
 * Said until a window's least ahead tick is under this, ms: between the two the saying stands,
 * so a clock near the threshold is not said and unsaid every window.
 */
export const CLOCK_BACK_MS = 2_000;
/** The span of ticks one reading is taken over, ms (host clock). */
export const CLOCK_WINDOW_MS = 1_000;
/** Shown to the second: a figure that moves with every tick's path delay is noise. */
const SHOWN_STEP_MS = 1_000;

export class ClockAhead {
  /** How far ahead the clock was last found, rounded; null while it is not ahead. */
  private aheadMs: number | null = null;
  /** The least `ts - arrival` of the window open since `windowStart`; null before a tick. */
  private least: number | null = null;
  private windowStart = 0;

  /** Ticks of one frame, arrived at `receivedAt` (host clock). */
  ticks(ticks: readonly { readonly ts: number }[], receivedAt: number): void {
    if (ticks.length === 0) return;
    if (receivedAt - this.windowStart >= CLOCK_WINDOW_MS) this.close(receivedAt);
    let least = this.least ?? Infinity;
    for (const tick of ticks) least = Math.min(least, tick.ts - receivedAt);
    this.least = least;
  }

  /**
   * How far ahead the source's clock is, ms, to the second; null while it is not (or no
   * window has closed yet). Read at `now`: a window over by then is closed first.
   */
  shown(now: number): number | null {
    if (now - this.windowStart >= CLOCK_WINDOW_MS) this.close(now);
    return this.aheadMs;
  }

  /** A new source session: what the last source's clock did says nothing of this one's. */
  clear(): void {
    this.aheadMs = this.least = null;
    this.windowStart = 0;
  }

  private close(now: number): void {
    const least = this.least;
    this.least = null;
    this.windowStart = now;
    if (least === null) return; // no tick: nothing new is known of the clock
    if (least >= CLOCK_AHEAD_MS || (this.aheadMs !== null && least >= CLOCK_BACK_MS))
      this.aheadMs = Math.round(least / SHOWN_STEP_MS) * SHOWN_STEP_MS;
    else this.aheadMs = null;
  }
}
