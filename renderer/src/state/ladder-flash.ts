/**
 * How long a ladder size that changed stays lit. A CSS fade did this before, but a transition
 * on 40 sizes that change every batch keeps dozens of animations starting at once, and while
 * they ran headless Chromium's software raster redid the root layer's tiles every frame: 16
 * tiles a frame with the fade, 4 without it (docs/PERFORMANCE.md, "Where a frame goes"). A
 * held flash costs a class change when it starts and one when it ends, and no animation.
 */
import type { LadderRow } from './depth-view';

/** A changed size stays lit this long, as long as the fade it replaces took. */
export const FLASH_HOLD_MS = 400;

type Change = LadderRow['change'];

export class FlashHold {
  /** Lit levels by side and price: which way they changed and until when (ms). */
  private lit = new Map<string, { change: -1 | 1; until: number }>();
  private seen: unknown = null;

  /**
   * The flash of each row of `book` at `nowMs`: its own change when `book` is new (a book
   * given again, to go out, is not a change again), else a change of that level still held.
   */
  flashes(
    book: { readonly bids: readonly LadderRow[]; readonly asks: readonly LadderRow[] } | null,
    nowMs: number,
  ): { bids: Change[]; asks: Change[] } {
    const fresh = book !== this.seen;
    this.seen = book;
    const next = new Map<string, { change: -1 | 1; until: number }>();
    const side = (name: 'bid' | 'ask', rows: readonly LadderRow[]): Change[] =>
      rows.map((row) => {
        const key = `${name}:${row.price}`;
        const held =
          fresh && row.change !== 0
            ? { change: row.change, until: nowMs + FLASH_HOLD_MS }
            : this.lit.get(key);
        if (!held || held.until <= nowMs) return 0;
        // Only the levels in the book are kept: the map is as small as the ladder.
        next.set(key, held);
        return held.change;
      });
    const bids = side('bid', book?.bids ?? []);
    const asks = side('ask', book?.asks ?? []);
    this.lit = next;
    return { bids, asks };
  }

  /** When the next lit level goes out (ms, the clock `flashes` was given), or null. */
  nextExpiry(): number | null {
    let first: number | null = null;
    for (const { until } of this.lit.values()) if (first === null || until < first) first = until;
    return first;
  }
}
