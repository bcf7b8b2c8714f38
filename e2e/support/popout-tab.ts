/** A popped-out panel's tab in browser mode, and its main page, as the pop-out specs read them. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { paintedPixels } from './chromium';

/**
 * Clicks the tab's own Dock for chart `id` and waits for the tab to close. The click closes
 * the tab it was made in: when the tab closes before Playwright has finished the click, the
 * click reports the closed page; only that is not a failure.
 */
export async function dockFromTab(tab: Page, id: string): Promise<void> {
  const closed = tab.waitForEvent('close');
  await tab
    .getByTestId(`dock-chart-${id}`)
    .click()
    .catch((err: unknown) => {
      if (!tab.isClosed()) throw err;
    });
  await closed;
}

/** The newest point's time on a page's (the main page's or a tab's) price chart, as it holds it. */
export function lastPointT(p: Page): Promise<number> {
  return p
    .getByTestId('price-chart')
    .locator('canvas')
    .getAttribute('data-last-t')
    .then((t) => Number(t ?? 0));
}

/**
 * Pops out the main page's first price chart and waits until its tab draws and the page offers
 * the chart's Dock: the chart's instrument and its tab.
 */
export async function popOutFirstChart(page: Page): Promise<{ id: string; tab: Page }> {
  const chart = page.getByTestId('price-chart').first();
  await chart.waitFor({ timeout: 30_000 });
  const id = (await chart.getAttribute('aria-label'))!.split(' ')[0]!;
  const tabOpened = page.context().waitForEvent('page');
  await page.getByTestId(`popout-chart-${id}`).click();
  const tab = await tabOpened;
  await expect
    .poll(() => paintedPixels(tab, 'price-chart'), { timeout: 30_000 })
    .toBeGreaterThan(500);
  await expect.poll(() => page.getByTestId(`dock-chart-${id}`).count()).toBe(1);
  return { id, tab };
}
