import { describe, expect, it } from 'vitest';
import { FLASH_MS, PriceFlash } from './price-flash';

/** A cell that records the first keyframe's colour of each animation. */
function fakeCell(): { colors: string[]; animate: Element['animate'] } {
  const colors: string[] = [];
  return {
    colors,
    animate: ((frames: Keyframe[]) => {
      colors.push(String(frames[0]?.backgroundColor));
      return {} as Animation;
    }) as Element['animate'],
  };
}

describe('PriceFlash', () => {
  it('flashes up moves and down moves in their own colours', () => {
    const cell = fakeCell();
    const flash = new PriceFlash();
    flash.flash(cell, 1, 5_000);
    flash.flash(cell, -1, 5_000 + FLASH_MS);
    expect(cell.colors).toEqual(['var(--up-flash)', 'var(--down-flash)']);
  });

  it('flashes a busy row at most once per FLASH_MS', () => {
    const cell = fakeCell();
    const flash = new PriceFlash();
    for (let t = 5_000; t < 5_000 + 3 * FLASH_MS; t += 100) flash.flash(cell, 1, t);
    expect(cell.colors).toHaveLength(3);
  });

  it('leaves a cell without Web Animations alone, and a later cell still flashes', () => {
    const flash = new PriceFlash();
    expect(() => flash.flash({} as Pick<Element, 'animate'>, 1, 5_000)).not.toThrow();
    const cell = fakeCell();
    flash.flash(cell, 1, 5_000);
    expect(cell.colors).toHaveLength(1);
  });
});
