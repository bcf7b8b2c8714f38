import { describe, expect, it } from 'vitest';
import type { LadderRow } from './depth-view';
import { FLASH_HOLD_MS, FlashHold } from './ladder-flash';

const row = (price: number, change: LadderRow['change']): LadderRow => ({
  price,
  size: 1,
  cumulative: 1,
  change,
});
const book = (bids: LadderRow[], asks: LadderRow[] = []) => ({ bids, asks });

describe('FlashHold', () => {
  it('lights a changed level and keeps it lit through books where it did not change', () => {
    const hold = new FlashHold();
    expect(hold.flashes(book([row(99, 1), row(98, 0)], [row(101, -1)]), 0)).toEqual({
      bids: [1, 0],
      asks: [-1],
    });
    expect(hold.flashes(book([row(99, 0), row(98, 0)], [row(101, 0)]), 100)).toEqual({
      bids: [1, 0],
      asks: [-1],
    });
    expect(hold.nextExpiry()).toBe(FLASH_HOLD_MS);
  });

  it('puts a level out once the hold has passed, and a book given again does not relight it', () => {
    const hold = new FlashHold();
    const grown = book([row(99, 1)]);
    hold.flashes(grown, 0);
    expect(hold.flashes(grown, FLASH_HOLD_MS)).toEqual({ bids: [0], asks: [] });
    expect(hold.nextExpiry()).toBeNull();
  });

  it('restarts the hold when the level changes again, and follows the latest direction', () => {
    const hold = new FlashHold();
    hold.flashes(book([row(99, 1)]), 0);
    expect(hold.flashes(book([row(99, -1)]), 300)).toEqual({ bids: [-1], asks: [] });
    expect(hold.flashes(book([row(99, 0)]), 600)).toEqual({ bids: [-1], asks: [] });
    expect(hold.nextExpiry()).toBe(300 + FLASH_HOLD_MS);
  });

  it('forgets levels that left the book, and keeps bids and asks at one price apart', () => {
    const hold = new FlashHold();
    hold.flashes(book([row(100, 1)], [row(101, 1)]), 0);
    // 100 left the bids; an ask at 100 is another level.
    expect(hold.flashes(book([row(99, 0)], [row(100, 0)]), 10)).toEqual({ bids: [0], asks: [0] });
    expect(hold.nextExpiry()).toBeNull();
    expect(hold.flashes(book([row(100, 0)]), 20)).toEqual({ bids: [0], asks: [] });
  });
});
