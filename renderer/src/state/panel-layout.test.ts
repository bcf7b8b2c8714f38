import { describe, expect, it } from 'vitest';
import {
  MIN_CHARTS_PX,
  MIN_WATCHLIST_PX,
  SPLITTER_STEP_PX,
  clampWatchlistWidth,
  keyedWatchlistWidth,
} from './panel-layout';

describe('watchlist width', () => {
  it('leaves both panels their minimum width', () => {
    expect(clampWatchlistWidth(10, 1_200)).toBe(MIN_WATCHLIST_PX);
    expect(clampWatchlistWidth(5_000, 1_200)).toBe(1_200 - MIN_CHARTS_PX);
    expect(clampWatchlistWidth(700.4, 1_200)).toBe(700);
  });

  it('moves by a step per arrow key, four per page key, to the ends with Home and End', () => {
    expect(keyedWatchlistWidth('ArrowRight', 600, 1_200)).toBe(600 + SPLITTER_STEP_PX);
    expect(keyedWatchlistWidth('ArrowLeft', 600, 1_200)).toBe(600 - SPLITTER_STEP_PX);
    expect(keyedWatchlistWidth('PageUp', 600, 1_200)).toBe(600 + 4 * SPLITTER_STEP_PX);
    expect(keyedWatchlistWidth('Home', 600, 1_200)).toBe(MIN_WATCHLIST_PX);
    expect(keyedWatchlistWidth('End', 600, 1_200)).toBe(1_200 - MIN_CHARTS_PX);
    expect(keyedWatchlistWidth('x', 600, 1_200)).toBeNull();
  });
});
