/**
 * The watchlist's columns hold the widest figures a feed may send: a coin listed at 0.0001
 * trading at 99,999.0000 (a change of +99,998,999,900 %), 1e15 of volume. Each figure stays in
 * its own cell, where a fixed-width column let it run over the next column's.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WATCHLIST_COLUMNS } from '../protocol/settings';
import { openDashboard, type DashboardPage } from './support/dashboard-page';
import type { LoopbackFeed } from './support/loopback-feed';
import { startWideFiguresFeed } from './support/wide-figures-feed';

let feed: LoopbackFeed | undefined;
let dashboard: DashboardPage | undefined;
let page: Page;

beforeAll(async () => {
  feed = await startWideFiguresFeed();
  dashboard = await openDashboard('watchlist-figures', ['--feed', feed.url], {
    watchlistColumns: WATCHLIST_COLUMNS,
  });
  page = dashboard.page;
}, 60_000);

afterAll(async () => {
  await dashboard?.close('watchlist-figures.png');
  await feed?.close();
});

/** One line per figure cell whose text runs past its cell. */
function overflowingCells(p: Page): Promise<string[]> {
  return p.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid^="watchlist-row-"] td.num')]
      .filter((td) => td.scrollWidth > td.clientWidth)
      .map((td) => `${td.textContent!.trim()}: ${td.scrollWidth} > ${td.clientWidth} px`),
  );
}

describe('the watchlist with the widest figures', () => {
  it('keeps every figure inside its own cell', async () => {
    const wide = page.getByTestId('watchlist-row-WIDE');
    await expect.poll(() => wide.textContent(), { timeout: 20_000 }).toContain('99999.0000');
    expect(await wide.textContent()).toContain('+99998999900.00%');
    await expect.poll(() => page.getByTestId('watchlist-row-VOL').textContent()).toContain('1000T');
    expect(await overflowingCells(page)).toEqual([]);
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
