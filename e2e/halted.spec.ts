/**
 * Bug 99, in browser mode: an instrument whose data stops while its source goes on (its
 * heartbeats and its other instrument's trades) is halted, as its watchlist row says; its
 * price and candle charts, order book, depth chart and tape must grey and say why, and clear
 * at once when its data resumes. Screenshot in artifacts/halted.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HALT_MIN_MS } from '../renderer/src/state/row-pace';
import { ARTIFACTS, openDashboard, type DashboardPage } from './support/dashboard-page';
import { startHaltingFeed, type HaltingFeed } from './support/halting-feed';

/** The row's halt bound, and the page clock's half second and a second for a loaded machine. */
const SHOWN_WITHIN_MS = HALT_MIN_MS + 2_500;

let feed: HaltingFeed | undefined;
let dashboard: DashboardPage | undefined;
let page: Page;

const chart = () => page.getByRole('article', { name: 'ACME charts' });
const depth = () => page.getByRole('complementary', { name: 'Depth and trades' });
const row = (id: string) => page.getByTestId(`watchlist-row-${id}`);

beforeAll(async () => {
  feed = await startHaltingFeed();
  dashboard = await openDashboard('halted', ['--feed', feed.url]);
  page = dashboard.page;
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
  await feed?.close();
});

describe('an instrument halted while its source is live (browser mode)', () => {
  it('starts live: ACME charted, its book and trades beside the charts', async () => {
    await expect
      .poll(() => page.getByTestId('connection-status').getAttribute('data-badge'), {
        timeout: 20_000,
      })
      .toBe('live');
    await expect.poll(() => depth().locator('h2').innerText()).toMatch('ACME book');
    await expect
      .poll(() => page.getByTestId('tape-row').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await chart().getAttribute('data-stale')).toBe('false');
    expect(await depth().getAttribute('data-stale')).toBe('false');
  });

  it('greys its charts, book, depth chart and tape, saying it is halted; BETA stays live', async () => {
    const haltedAt = Date.now();
    feed!.halt('ACME', true);
    await expect
      .poll(() => row('ACME').getAttribute('data-halted'), { timeout: SHOWN_WITHIN_MS })
      .toBe('true');
    await expect.poll(() => chart().getAttribute('data-stale'), { timeout: 1_500 }).toBe('true');
    console.log(`charts greyed ${Date.now() - haltedAt} ms after the data stopped`);
    expect(await chart().getByTestId('chart-stale').innerText()).toMatch(
      /^Halted · no data for \d+ s$/,
    );
    await expect.poll(() => depth().getAttribute('data-stale')).toBe('true');
    expect(await depth().getByTestId('depth-stale').innerText()).toMatch(/^Halted · /);
    // The book's canvases (ladder, depth chart, tape) lose their colour; the price and candle
    // charts, opaque, paint the same look themselves on their `stale` (charts/backdrop.ts).
    const filters = await depth()
      .locator('canvas')
      .evaluateAll((canvases) => canvases.map((c) => getComputedStyle(c).filter));
    expect(filters.length).toBeGreaterThanOrEqual(3);
    for (const filter of filters) expect(filter).toBe('grayscale(1)');
    expect(await row('BETA').getAttribute('data-halted')).toBe('false');
    expect(await page.getByTestId('connection-status').getAttribute('data-badge')).toBe('live');
    await page.screenshot({ path: join(ARTIFACTS, 'halted.png') });
  });

  it('clears everything at once when its data resumes', async () => {
    const resumedAt = Date.now();
    feed!.halt('ACME', false);
    await expect.poll(() => chart().getAttribute('data-stale'), { timeout: 2_000 }).toBe('false');
    console.log(`charts live again ${Date.now() - resumedAt} ms after the data resumed`);
    await expect.poll(() => depth().getAttribute('data-stale'), { timeout: 1_000 }).toBe('false');
    expect(await chart().getByTestId('chart-stale').count()).toBe(0);
    expect(await depth().getByTestId('depth-stale').count()).toBe(0);
    expect(await row('ACME').getAttribute('data-halted')).toBe('false');
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
