import { describe, expect, it } from 'vitest';
import {
  MAX_DEPTH_SHARE,
  MIN_ABOVE_SPORTS_PX,
  MIN_DEPTH_PX,
  MIN_SPORTS_PX,
  MIN_LADDER_PX,
  MIN_TAPE_PX,
  clampSize,
  tapeBounds,
  depthBounds,
  keyedSize,
  sportsBounds,
  MIN_CHARTS_PX,
  MIN_WATCHLIST_PX,
  SPLITTER_STEP_PX,
  clampWatchlistWidth,
  keyedWatchlistWidth,
  watchlistBounds,
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

describe('the other dividers', () => {
  it('keeps the order book column between its minimum and its share of the row', () => {
    expect(clampSize(50, depthBounds(1_500))).toBe(MIN_DEPTH_PX);
    expect(clampSize(5_000, depthBounds(1_500))).toBe(1_500 * MAX_DEPTH_SHARE);
  });

  it('leaves the charts their least width between the watchlist and the book, either dragged', () => {
    // A 1,892 px row (1,920 px window): the watchlist to its end beside a 280 px book...
    const watchlist = clampSize(5_000, watchlistBounds(1_892, 280));
    expect(1_892 - 280 - watchlist).toBe(MIN_CHARTS_PX);
    // ...then the book to its own: before, 40 % of the row (757 px), and the charts had none.
    const book = clampSize(5_000, depthBounds(1_892, watchlist));
    expect(book).toBe(280);
    // A narrower watchlist leaves the book its share.
    expect(clampSize(5_000, depthBounds(1_892, 400))).toBe(Math.round(1_892 * MAX_DEPTH_SHARE));
    expect(clampSize(5_000, watchlistBounds(1_892, 757))).toBe(1_892 - 757 - MIN_CHARTS_PX);
  });

  it('moves a divider after its panel the other way: Left widens the order book', () => {
    const bounds = depthBounds(1_500);
    expect(keyedSize('ArrowLeft', 300, bounds, -1)).toBe(300 + SPLITTER_STEP_PX);
    expect(keyedSize('ArrowRight', 300, bounds, -1)).toBe(300 - SPLITTER_STEP_PX);
    expect(keyedSize('PageUp', 300, bounds, -1)).toBe(300 + 4 * SPLITTER_STEP_PX);
    expect(keyedSize('toString', 300, bounds, -1)).toBeNull();
  });

  it('leaves the charts their height above the sports panel, Up raising the panel', () => {
    const bounds = sportsBounds(800);
    expect(keyedSize('ArrowUp', 200, bounds, -1)).toBe(200 + SPLITTER_STEP_PX);
    expect(keyedSize('End', 200, bounds, -1)).toBe(800 - MIN_ABOVE_SPORTS_PX);
    expect(keyedSize('Home', 200, bounds, -1)).toBe(MIN_SPORTS_PX);
    // A window too small for both: the panel keeps its minimum.
    expect(clampSize(300, sportsBounds(250))).toBe(MIN_SPORTS_PX);
  });

  it('leaves the ladder its least height beside the trade tape, Up raising the tape (bug 261)', () => {
    // The ladder and the tape share 322 px of a 442 px column (1366 × 768).
    const bounds = tapeBounds(322);
    expect(keyedSize('ArrowUp', 124, bounds, -1)).toBe(124 + SPLITTER_STEP_PX);
    expect(keyedSize('End', 124, bounds, -1)).toBe(322 - MIN_LADDER_PX);
    expect(keyedSize('Home', 124, bounds, -1)).toBe(MIN_TAPE_PX);
    // A column too low for both: the tape keeps its head and three trades.
    expect(clampSize(300, tapeBounds(100))).toBe(MIN_TAPE_PX);
  });
});
