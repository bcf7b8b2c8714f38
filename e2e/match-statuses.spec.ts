/**
 * A match whose play does not go as planned says so on its card, through the whole path (the
 * feed's status, the engine's state and batch, the card): Suspended, Postponed, Abandoned and
 * Cancelled, each with its odds locked and the reason named, beside a match in play.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, type DashboardPage } from './support/dashboard-page';
import type { LoopbackFeed } from './support/loopback-feed';
import { startMatchStatusesFeed } from './support/match-statuses-feed';

let feed: LoopbackFeed | undefined;
let dashboard: DashboardPage | undefined;
let page: Page;

beforeAll(async () => {
  feed = await startMatchStatusesFeed();
  dashboard = await openDashboard('match-statuses', ['--feed', feed.url]);
  page = dashboard.page;
}, 60_000);

afterAll(async () => {
  await dashboard?.close('match-statuses.png');
  await feed?.close();
});

const card = (id: string) => page.getByTestId(`match-${id}`);
const odds = (id: string) => card(id).locator('dl.odds');

describe('match phases beyond play', () => {
  it('names each phase on its card and locks the odds of every match not in play', async () => {
    await expect
      .poll(() => card('cancelled').getAttribute('aria-label'), { timeout: 20_000 })
      .toBe('Home 4 0, Away 4 0, Cancelled');
    expect(await card('live').getAttribute('aria-label')).toBe('Home 0 2, Away 0 1, Live');
    expect(await card('suspended').getAttribute('aria-label')).toBe(
      'Home 1 2, Away 1 1, Suspended',
    );
    expect(await card('abandoned').getAttribute('aria-label')).toBe(
      'Home 3 2, Away 3 1, Abandoned',
    );
    expect(await card('postponed').getAttribute('aria-label')).toContain('Postponed');
    expect(await odds('live').getAttribute('aria-label')).toMatch(/with the direction/);
    expect(await odds('suspended').getAttribute('aria-label')).toBe(
      'Decimal odds, locked: play is suspended',
    );
    expect(await odds('abandoned').getAttribute('aria-label')).toBe(
      'Decimal odds, locked: the match is abandoned',
    );
    expect(await odds('cancelled').getAttribute('aria-label')).toBe(
      'Decimal odds, locked: the match is cancelled',
    );
    // A postponed match shows no kick-off time (its old one no longer holds) and no score.
    expect(await card('postponed').locator('.clock').count()).toBe(0);
    expect(await card('abandoned').locator('.clock').textContent()).toContain('65:00');
    // A source of matches alone: the watchlist says where they are, not that it waits.
    expect(await page.getByTestId('watchlist').textContent()).toContain(
      'No market instruments on this source',
    );
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
