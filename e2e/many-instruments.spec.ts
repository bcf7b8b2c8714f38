/**
 * The dashboard with thousands of instruments: it must open, keep the DOM to the rows in view
 * (the watchlist is virtualised) and reach the last instrument by scrolling. Before the history
 * rings grew on demand and the watchlist was virtualised, the page never drew a batch at 1,000.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorOptions } from '../feed-simulator';
import { paintedPixels } from './support/chromium';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const SIM: SimulatorOptions = { seed: 7, rate: 5_000, instruments: 3_000, matches: 2 };
/** Rows a 900 px window can show, plus the overscan either side, with room to spare. */
const MAX_ROWS_IN_DOM = 80;

let dashboard: SimulatedDashboard | undefined;
let page: Page;

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('many-instruments', SIM);
  page = dashboard.page;
});

afterAll(() => dashboard?.close());

describe('dashboard with 3,000 instruments', () => {
  it('opens and draws live data', async () => {
    await expect
      .poll(() => page.evaluate(() => window.__tickdeckMetrics?.frames ?? 0), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('connection-status').getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('live');
  });

  it('keeps only the rows in view in the DOM, while the list counts them all', async () => {
    const table = page.getByTestId('watchlist');
    await expect
      .poll(() => table.getAttribute('aria-rowcount'), { timeout: 20_000 })
      .toBe(
        // The header row counts too.
        String(SIM.instruments! + 1),
      );
    const rows = await page.locator('[data-testid^="watchlist-row-"]').count();
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
  });

  it('scrolls to the last instrument, with its sparkline drawn', async () => {
    await page
      .getByTestId('watchlist')
      .evaluate((table) => (table.parentElement!.scrollTop = table.parentElement!.scrollHeight));
    const lastRow = page.locator('[data-testid^="watchlist-row-"]').last();
    await expect
      .poll(() => lastRow.getAttribute('aria-rowindex'), { timeout: 5_000 })
      .toBe(String(SIM.instruments! + 1));
    expect(await lastRow.isVisible()).toBe(true);
    const testId = (await lastRow.getAttribute('data-testid'))!;
    await expect.poll(() => paintedPixels(page, testId), { timeout: 5_000 }).toBeGreaterThan(0);
    const rows = await page.locator('[data-testid^="watchlist-row-"]').count();
    expect(rows).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
  });

  it('raised no page errors or policy violations', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
