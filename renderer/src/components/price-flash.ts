/**
 * The pulse of a watchlist row's Last cell when its price moves, with the Web Animations API
 * (restarts cleanly, no class juggling). At most one flash per FLASH_MS, so a busy instrument
 * pulses instead of glowing solid.
 */

/** The shortest time between two flashes of one row, ms. */
export const FLASH_MS = 1_000;
/** How long one flash fades, ms. */
const FLASH_FADE_MS = 350;

/** One row's flash: it remembers when the row last flashed. */
export class PriceFlash {
  private flashedAt = 0;

  /**
   * Flashes `cell` in the colour of `dir` (> 0 up, else down) unless the row flashed less than
   * FLASH_MS before `nowMs`. A cell that cannot animate (no Web Animations) is left alone.
   */
  flash(cell: Pick<Element, 'animate'>, dir: number, nowMs: number): void {
    if (typeof cell.animate !== 'function') return;
    if (nowMs - this.flashedAt < FLASH_MS) return;
    this.flashedAt = nowMs;
    const color = dir > 0 ? 'var(--up-flash)' : 'var(--down-flash)';
    cell.animate([{ backgroundColor: color }, { backgroundColor: 'transparent' }], {
      duration: FLASH_FADE_MS,
      easing: 'ease-out',
    });
  }
}
