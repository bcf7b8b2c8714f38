/** A popped-out panel's tab in browser mode, as the pop-out specs drive it. */
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
