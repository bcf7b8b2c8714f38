import { cleanup, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BookLevel } from '../../../protocol/feed';
import { recordCanvases } from '../../../test-support/recording-canvas';
import { foldBook, type BookView } from '../state/depth-view';
import { FLASH_HOLD_MS } from '../state/ladder-flash';
import DepthLadder from './DepthLadder.svelte';
import { LADDER_ROW_PX, SPREAD_ROW_PX } from './ladder-canvas';

const WIDTH_PX = 200;
const canvases = recordCanvases({ widthPx: WIDTH_PX, heightPx: 400 });
// The theme's colours, as app.css gives them to every element (by name here, to be told apart).
const theme = document.createElement('style');
beforeAll(() => {
  theme.textContent =
    '* { --panel: panel; --text: text; --muted: muted; --border: border; --up: up; --down: down; --up-flash: up-flash; --down-flash: down-flash; }';
  document.head.append(theme);
});
afterAll(() => {
  theme.remove();
  canvases.restore();
});
afterEach(cleanup);

const book = foldBook(null, {
  id: 'ACME',
  book: {
    bids: [
      [99.5, 2],
      [99, 6],
    ],
    asks: [
      [100.5, 1],
      [101, 1],
    ],
  },
  resyncing: false,
  tapeReset: false,
  trades: { t: [], price: [], size: [], side: [] },
});

/** The book after `before` with a best bid of `size`. */
const withBestBid = (before: BookView, size: number) =>
  foldBook(before, {
    id: 'ACME',
    book: {
      bids: [[99.5, size], ...(before.bids.slice(1).map((r) => [r.price, r.size]) as BookLevel[])],
      asks: [
        [100.5, 1],
        [101, 1],
      ],
    },
    resyncing: false,
    tapeReset: false,
    trades: { t: [], price: [], size: [], side: [] },
  });
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** What the ladder's canvas drew last. */
const drawn = () => {
  const canvas = screen.getByTestId('depth-ladder-canvas') as HTMLCanvasElement;
  return canvases.contextOf(canvas);
};
/** The text drawn last in the row whose middle is `y` CSS px down, left to right. */
const rowAt = (y: number) =>
  drawn()
    .texts.filter((t) => t.y === y)
    .sort((a, b) => a.x - b.x)
    .map((t) => t.text);
/** The best bid's row middle: below two asks and the spread. */
const BEST_BID_Y = 2 * LADDER_ROW_PX + SPREAD_ROW_PX + LADDER_ROW_PX / 2;
/** The flash colours lit, with the row they light (its top). */
const lit = () =>
  drawn()
    .rects.filter((r) => r.fill.endsWith('-flash'))
    .map((r) => [r.fill, r.y]);
const LIT_BEST_BID_Y = 2 * LADDER_ROW_PX + SPREAD_ROW_PX;

describe('DepthLadder', () => {
  it('draws each level as its price then its size, asks above the spread and bids below', () => {
    render(DepthLadder, { props: { book, decimals: 2 } });
    expect(drawn().textsInOrder()).toEqual([
      '101.00',
      '1',
      '100.50',
      '1',
      'spread 1.00',
      '99.50',
      '2',
      '99.00',
      '6',
    ]);
    // In the theme's colours, at the width of the panel and the height of its rows.
    expect(drawn().texts[0]!.fill).toBe('down');
    const canvas = screen.getByTestId('depth-ladder-canvas') as HTMLCanvasElement;
    expect(canvas.style.height).toBe(`${4 * LADDER_ROW_PX + SPREAD_ROW_PX}px`);
    expect(canvas.width).toBe(WIDTH_PX * (window.devicePixelRatio || 1));
  });

  it('keeps the same rows as text over the picture, for screen readers and the e2e specs', () => {
    render(DepthLadder, { props: { book, decimals: 2 } });
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/^\s*99\.50\s*2/);
    expect(screen.getByTestId('depth-ask-1').textContent).toMatch(/^\s*101\.00\s*1/);
    const ladder = screen.getByTestId('depth-ladder').textContent!;
    expect(ladder.indexOf('101.00')).toBeLessThan(ladder.indexOf('spread 1.00'));
    expect(ladder.indexOf('spread 1.00')).toBeLessThan(ladder.indexOf('99.50'));
    expect(screen.getByTestId('depth-ladder-canvas').getAttribute('aria-hidden')).toBe('true');
    // Each side a list of its own, named: the sides were one run of numbers to a screen reader.
    const asks = screen.getByRole('list', { name: 'Asks, price and size, best last' });
    const bids = screen.getByRole('list', { name: 'Bids, price and size, best first' });
    expect(within(asks).getAllByRole('listitem')[0]!.textContent).toMatch(/^\s*101\.00/);
    expect(within(bids).getAllByRole('listitem')[0]!.textContent).toMatch(/^\s*99\.50/);
  });

  it('is a region named for its instrument and the order of its sides (bug 262)', () => {
    render(DepthLadder, { props: { book, decimals: 2 } });
    // Before: "Order book", beside the heading "ACME book", a Tab stop where it scrolls.
    const ladder = screen.getByRole('region', { name: 'ACME order book, asks above bids' });
    expect(ladder).toBe(screen.getByTestId('depth-ladder'));
  });

  it('draws a new book at the next animation frame, the newest of several batches once', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const second = withBestBid(book, 3);
    await rerender({ book: second, decimals: 2 });
    await rerender({ book: withBestBid(second, 7), decimals: 2 });
    await tick();
    // Still the book drawn last: the batches wait for the frame.
    expect(rowAt(BEST_BID_Y)).toEqual(['99.50', '2']);
    drawn().clear();
    await nextFrame();
    expect(rowAt(BEST_BID_Y)).toEqual(['99.50', '7']);
    await nextFrame();
    // Drawn once for the two batches.
    expect(drawn().texts.filter((t) => t.text === '99.50')).toHaveLength(1);
  });

  it('rewrites its text at most once a second, not with every book drawn', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const four = withBestBid(book, 4);
    await rerender({ book: four, decimals: 2 });
    await nextFrame();
    // The first change after a quiet second is written at once.
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/99\.50\s*4\b/);
    await rerender({ book: withBestBid(four, 5), decimals: 2 });
    await nextFrame();
    expect(rowAt(BEST_BID_Y)).toEqual(['99.50', '5']);
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/99\.50\s*4\b/);
    const drawnAt = performance.now();
    await vi.waitFor(
      () => expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/99\.50\s*5\b/),
      { timeout: 3_000 },
    );
    expect(performance.now() - drawnAt).toBeGreaterThan(500);
  });

  it('flashes a level that changed in a batch the screen never showed', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const grown = withBestBid(book, 3);
    // Two batches in one frame: the best bid grows, then stays.
    await rerender({ book: grown, decimals: 2 });
    await rerender({ book: withBestBid(grown, 3), decimals: 2 });
    await nextFrame();
    expect(rowAt(BEST_BID_Y)).toEqual(['99.50', '3']);
    expect(lit()).toEqual([['up-flash', LIT_BEST_BID_Y]]);
  });

  it('keeps a changed size lit through the next books for a moment, then puts it out', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const grown = withBestBid(book, 3);
    await rerender({ book: grown, decimals: 2 });
    await nextFrame();
    const litAt = performance.now();
    // The next book leaves the best bid as it was: it still shows that it grew.
    await rerender({ book: withBestBid(grown, 3), decimals: 2 });
    await nextFrame();
    if (performance.now() - litAt < FLASH_HOLD_MS)
      expect(lit()).toEqual([['up-flash', LIT_BEST_BID_Y]]);
    // And goes out by itself, though no other book comes: the ladder is drawn again.
    await vi.waitFor(() => expect(lit()).toEqual([]), { timeout: FLASH_HOLD_MS * 5 });
    expect(performance.now() - litAt).toBeGreaterThanOrEqual(FLASH_HOLD_MS - 20);
  });

  it('draws as many rows as the book has levels, when it shrinks and when it grows again', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const oneBid = foldBook(book, {
      id: 'ACME',
      book: { bids: [[99.5, 2]], asks: [[100.5, 1]] },
      resyncing: false,
      tapeReset: false,
      trades: { t: [], price: [], size: [], side: [] },
    });
    await rerender({ book: oneBid, decimals: 2 });
    await nextFrame();
    const canvas = screen.getByTestId('depth-ladder-canvas') as HTMLCanvasElement;
    expect(canvas.style.height).toBe(`${2 * LADDER_ROW_PX + SPREAD_ROW_PX}px`);
    expect(rowAt(LADDER_ROW_PX + SPREAD_ROW_PX + LADDER_ROW_PX / 2)).toEqual(['99.50', '2']);
    // The one bid is the deepest side: its bar is full.
    expect(drawn().rects.filter((r) => r.alpha < 1 && r.fill === 'up')[0]!.w).toBe(WIDTH_PX);
    await rerender({ book: withBestBid(book, 2), decimals: 3 });
    await nextFrame();
    expect(canvas.style.height).toBe(`${4 * LADDER_ROW_PX + SPREAD_ROW_PX}px`);
    expect(rowAt(BEST_BID_Y + LADDER_ROW_PX)).toEqual(['99.000', '6']);
  });

  it('shows one flash on a lit size that changes again as the ladder loses a level', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const grown = withBestBid(book, 3);
    await rerender({ book: grown, decimals: 2 });
    await nextFrame();
    expect(lit()).toEqual([['up-flash', LIT_BEST_BID_Y]]);
    // One bid fewer, and the best bid shrinks: now lit the other way only.
    const fewer = foldBook(grown, {
      id: 'ACME',
      book: { bids: [[99.5, 1]], asks: [[100.5, 1]] },
      resyncing: false,
      tapeReset: false,
      trades: { t: [], price: [], size: [], side: [] },
    });
    await rerender({ book: fewer, decimals: 2 });
    await nextFrame();
    expect(lit()).toEqual([['down-flash', LADDER_ROW_PX + SPREAD_ROW_PX]]);
  });

  it('says so, in text, when the feed sends no book', () => {
    const none = foldBook(null, {
      id: 'ACME',
      book: null,
      resyncing: false,
      tapeReset: false,
      trades: { t: [], price: [], size: [], side: [] },
    });
    render(DepthLadder, { props: { book: none, decimals: 2 } });
    expect(screen.getByTestId('depth-ladder').textContent).toContain('sends no order book');
    expect(screen.queryByTestId('depth-ladder-canvas')).toBeNull();
  });
});
