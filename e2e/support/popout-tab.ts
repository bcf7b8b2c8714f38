/** A popped-out panel's tab in browser mode, and its main page, as the pop-out specs read them. */
import type { Page } from 'playwright-core';

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
