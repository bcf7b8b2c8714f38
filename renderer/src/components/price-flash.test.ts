// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FLASH_HOLD_MS, FLASH_MS, PriceFlash } from './price-flash';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PriceFlash', () => {
  it('lights an up move and a down move in their own class, each for FLASH_HOLD_MS', () => {
    const cell = document.createElement('td');
    const flash = new PriceFlash();
    flash.flash(cell, 1, 5_000);
    expect(cell.className).toBe('flash-up');
    vi.advanceTimersByTime(FLASH_HOLD_MS - 1);
    expect(cell.className).toBe('flash-up');
    vi.advanceTimersByTime(1);
    expect(cell.className).toBe('');
    flash.flash(cell, -1, 5_000 + FLASH_MS);
    expect(cell.className).toBe('flash-down');
    vi.advanceTimersByTime(FLASH_HOLD_MS);
    expect(cell.className).toBe('');
  });

  it('flashes a busy row at most once per FLASH_MS', () => {
    const cell = document.createElement('td');
    const add = vi.spyOn(cell.classList, 'add');
    const flash = new PriceFlash();
    for (let t = 5_000; t < 5_000 + 3 * FLASH_MS; t += 100) flash.flash(cell, 1, t);
    expect(add).toHaveBeenCalledTimes(3);
  });

  it('keeps the cell its own classes, and stop() puts a flash out at once', () => {
    const cell = document.createElement('td');
    cell.className = 'num last';
    const flash = new PriceFlash();
    flash.flash(cell, 1, 5_000);
    expect(cell.className).toBe('num last flash-up');
    flash.stop();
    expect(cell.className).toBe('num last');
  });
});
