import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { foldBook } from '../state/depth-view';
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
});
