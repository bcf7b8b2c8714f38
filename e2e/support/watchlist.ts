/**
 * The watchlist as a user reaches a row below its view: the mouse wheel over the list, a notch
 * at a time. The list renders only the rows in view and a few beyond each edge, so a spec that
 * looks for a row further down must scroll to it, as a user must to see it.
 */
import type { Locator, Page } from 'playwright-core';

/** Chromium's scroll for one mouse-wheel notch, px. */
const WHEEL_NOTCH_PX = 100;
/** Time for a scroll to be drawn (the list's rows follow at the next frame), ms. */
const SETTLE_MS = 100;

/** The scrolling box around the watchlist's table. */
const scroller = (page: Page) => page.getByTestId('watchlist').locator('xpath=..');

/** Whether `row` is rendered and wholly inside the watchlist's scrolling box. */
async function inView(page: Page, row: Locator): Promise<boolean> {
  if ((await row.count()) === 0) return false;
  const [box, view] = await Promise.all([row.first().boundingBox(), scroller(page).boundingBox()]);
  return !!box && !!view && box.y >= view.y && box.y + box.height <= view.y + view.height;
}

/**
 * Wheels the watchlist down until a row matching `row` is in view; rows that are still to come
 * (a source connecting) are waited for at the bottom. Throws after `timeoutMs`.
 */
export async function scrollWatchlistTo(page: Page, row: Locator, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await inView(page, row))) {
    if (Date.now() > deadline)
      throw new Error(
        `the watchlist never showed ${row.toString()} in ${timeoutMs} ms of scrolling`,
      );
    await scroller(page).hover();
    await page.mouse.wheel(0, WHEEL_NOTCH_PX);
    await page.waitForTimeout(SETTLE_MS);
  }
}
