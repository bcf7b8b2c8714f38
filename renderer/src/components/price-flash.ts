/**
 * The pulse of a watchlist row's Last cell when its price moves: a class set on the move and
 * taken off FLASH_HOLD_MS later. A background-colour animation (the Web Animations API, as
 * before 5 Dec) restyled and repainted the cell in every frame of its fade, ~400 cells a
 * second on the main thread in the full dashboard; a held class costs two restyles a flash
 * (docs/PERFORMANCE.md, "Four windows on three sources", fifth session). At most one flash
 * per FLASH_MS, so a busy instrument pulses instead of glowing solid.
 */

/** The shortest time between two flashes of one row, ms. */
export const FLASH_MS = 1_000;
/** How long one flash stays lit, ms (about as long as the fade it replaces was visible). */
export const FLASH_HOLD_MS = 300;

/** The classes a flashing cell carries; the row's stylesheet colours them. */
export const FLASH_UP_CLASS = 'flash-up';
export const FLASH_DOWN_CLASS = 'flash-down';

/** One row's flash: it remembers when the row last flashed, and takes its class off. */
export class PriceFlash {
  private flashedAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lit: { cell: Pick<Element, 'classList'>; name: string } | null = null;

  /**
   * Lights `cell` in the colour of `dir` (> 0 up, else down) unless the row flashed less than
   * FLASH_MS before `nowMs`.
   */
  flash(cell: Pick<Element, 'classList'>, dir: number, nowMs: number): void {
    if (nowMs - this.flashedAt < FLASH_MS) return;
    this.flashedAt = nowMs;
    this.stop();
    const name = dir > 0 ? FLASH_UP_CLASS : FLASH_DOWN_CLASS;
    cell.classList.add(name);
    this.lit = { cell, name };
    this.timer = setTimeout(() => this.stop(), FLASH_HOLD_MS);
  }

  /** Puts the flash out now (the row is going away, or a new flash replaces it). */
  stop(): void {
    clearTimeout(this.timer);
    this.lit?.cell.classList.remove(this.lit.name);
    this.lit = null;
  }
}
