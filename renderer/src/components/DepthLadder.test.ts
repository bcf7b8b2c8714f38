import { cleanup, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BookLevel } from '../../../protocol/feed';
import { foldBook, type BookView } from '../state/depth-view';
import { FLASH_HOLD_MS } from '../state/ladder-flash';
import DepthLadder from './DepthLadder.svelte';

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

const bar = (testid: string) =>
  (screen.getByTestId(testid).querySelector('.bar') as HTMLElement).style.transform;

describe('DepthLadder', () => {
  it('shows each level as its price then its size, asks above the spread and bids below', () => {
    render(DepthLadder, { props: { book, decimals: 2 } });
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/^99\.50\s*2/);
    expect(screen.getByTestId('depth-ask-1').textContent).toMatch(/^101\.00\s*1/);
    const ladder = screen.getByTestId('depth-ladder').textContent!;
    expect(ladder.indexOf('101.00')).toBeLessThan(ladder.indexOf('spread 1.00'));
    expect(ladder.indexOf('spread 1.00')).toBeLessThan(ladder.indexOf('99.50'));
  });

  it("draws each level's cumulative size as a share of the deepest side's", () => {
    render(DepthLadder, { props: { book, decimals: 2 } });
    // Bids reach 8 in all, the largest cumulative size: their last level's bar is full.
    expect(bar('depth-bid-1')).toBe('scaleX(1)');
    expect(bar('depth-bid-0')).toBe('scaleX(0.25)');
    expect(bar('depth-ask-1')).toBe('scaleX(0.25)');
  });

  it('shows a new book at the next animation frame, the newest of several batches once', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const second = withBestBid(book, 3);
    await rerender({ book: second, decimals: 2 });
    await rerender({ book: withBestBid(second, 7), decimals: 2 });
    await tick();
    // Still the book drawn last: the batches wait for the frame.
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/^99\.50\s*2\b/);
    await nextFrame();
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/^99\.50\s*7\b/);
  });

  it('flashes a level that changed in a batch the screen never showed', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const grown = withBestBid(book, 3);
    // Two batches in one frame: the best bid grows, then stays.
    await rerender({ book: grown, decimals: 2 });
    await rerender({ book: withBestBid(grown, 3), decimals: 2 });
    await nextFrame();
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/^99\.50\s*3\b/);
    expect(screen.getByTestId('depth-bid-0').classList).toContain('grew');
  });

  it('keeps a changed size lit through the next books for a moment, then puts it out', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const grown = withBestBid(book, 3);
    await rerender({ book: grown, decimals: 2 });
    await nextFrame();
    const lit = performance.now();
    // The next book leaves the best bid as it was: it still shows that it grew.
    await rerender({ book: withBestBid(grown, 3), decimals: 2 });
    await nextFrame();
    const bestBid = screen.getByTestId('depth-bid-0');
    if (performance.now() - lit < FLASH_HOLD_MS) expect(bestBid.classList).toContain('grew');
    // And goes out by itself, though no other book comes.
    await vi.waitFor(() => expect(bestBid.classList).not.toContain('grew'), {
      timeout: FLASH_HOLD_MS * 5,
    });
    expect(performance.now() - lit).toBeGreaterThanOrEqual(FLASH_HOLD_MS - 20);
  });

  it('writes into the DOM only the parts of the levels that changed', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const writes: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const row = (r.target instanceof Element ? r.target : r.target.parentElement)!.closest(
          '[data-testid]',
        ) as HTMLElement;
        writes.push(`${row.dataset.testid} ${r.type}`);
      }
    });
    observer.observe(screen.getByTestId('depth-ladder'), {
      subtree: true,
      characterData: true,
      childList: true,
      attributes: true,
    });
    // Only the best bid's size moves; the cumulative sizes below it move with it.
    await rerender({ book: withBestBid(book, 4), decimals: 2 });
    await nextFrame();
    await tick();
    observer.disconnect();
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/^99\.50\s*4\b/);
    // Bids now reach 10, the full scale: each ask's bar shrinks, nothing else of the asks.
    expect(writes.filter((w) => w.startsWith('depth-ask')).sort()).toEqual([
      'depth-ask-0 attributes',
      'depth-ask-1 attributes',
    ]);
    expect(writes).toContain('depth-bid-0 characterData');
    expect(writes.filter((w) => w.endsWith('childList'))).toEqual([]);
  });

  it('shows as many rows as the book has levels, when it shrinks and when it grows again', async () => {
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
    expect(screen.queryByTestId('depth-bid-1')).toBeNull();
    expect(screen.getByTestId('depth-bid-0').textContent).toMatch(/^99\.50\s*2\b/);
    expect(bar('depth-bid-0')).toBe('scaleX(1)');
    await rerender({ book: withBestBid(book, 2), decimals: 3 });
    await nextFrame();
    expect(screen.getByTestId('depth-bid-1').textContent).toMatch(/^99\.000\s*6\b/);
    expect(screen.getByTestId('depth-ask-0').textContent).toMatch(/^100\.500\s*1\b/);
  });

  it('shows one flash on a lit size that changes again as the ladder loses a level', async () => {
    const { rerender } = render(DepthLadder, { props: { book, decimals: 2 } });
    const grown = withBestBid(book, 3);
    await rerender({ book: grown, decimals: 2 });
    await nextFrame();
    expect(screen.getByTestId('depth-bid-0').classList).toContain('grew');
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
    const flashes = [...screen.getByTestId('depth-bid-0').classList].filter(
      (c) => c === 'grew' || c === 'shrank',
    );
    expect(flashes).toEqual(['shrank']);
  });
});
