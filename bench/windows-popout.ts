/**
 * The four-window bench's pop-outs, made as a user makes them: a row of the main page's
 * watchlist clicked to chart the instrument, then the chart's pop-out button, which opens a tab
 * on the same host and token without its opener (renderer/src/state/popout-tabs.ts). The main
 * page then knows the chart is out (the tab's hello) and stops drawing it, as in the app.
 */
import type { Page } from 'playwright-core';
import { sleep } from './children';
import { watchDashboard, type DashboardPage } from './dashboard-browser';

/**
 * How long a click's outcome (a row charted, a tab open, a chart gone from the main page) may
 * take: on the loaded shared machine (load average 29) 20 s was once not enough.
 */
const STEP_TIMEOUT_MS = 60_000;

/** How far the watchlist is scrolled a step while looking for a row (it renders rows in view). */
const SCROLL_STEP_PX = 300;

/**
 * Scrolls the watchlist until the row of `id` is rendered, from the top again at the bottom
 * (the rows of a source may come a moment after the page's first frame).
 */
async function findRow(page: Page, id: string) {
  const row = page.getByTestId(`watchlist-row-${id}`);
  const scroller = page.locator('.watchlist .scroll');
  const until = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < until) {
    if ((await row.count()) > 0) return row;
    await scroller.evaluate((el, px) => {
      const top = el.scrollTop;
      el.scrollTop += px;
      if (el.scrollTop === top) el.scrollTop = 0;
    }, SCROLL_STEP_PX);
    await sleep(100);
  }
  throw new Error(`pop-out: no watchlist row for "${id}" in the main page`);
}

/**
 * Makes the page's pop-outs windows rather than tabs, as a user who wants four windows drags
 * each tab out into its own: headless Chromium puts a `window.open` tab in its opener's window,
 * where the main page, then a background tab, drew 1–2 fps (4 Dec, one pop-out). The page
 * opens its tabs with the same URL, target and features as ever (`noopener`: a renderer
 * process each); only the window they land in differs.
 */
export async function popOutAsWindows(page: Page): Promise<void> {
  await page.evaluate(
    ({ width, height }) => {
      const open = window.open.bind(window);
      window.open = (url, target, features) =>
        open(
          url,
          target,
          [features, 'popup', `width=${width}`, `height=${height}`].filter(Boolean).join(','),
        );
    },
    { width: 1600, height: 900 },
  );
}

/** A chart's panel in a page, found by its label (`<id> charts`). */
const chartOf = (page: Page, id: string) => page.locator(`[aria-label="${id} charts"]`);

/** Charts `id` alone in the main page, as a click on its watchlist row does. */
export async function chartHere(page: Page, id: string): Promise<void> {
  await (await findRow(page, id)).click();
  await chartOf(page, id).waitFor({ timeout: STEP_TIMEOUT_MS });
}

/**
 * Charts `id` in the main page, pops it out with its button, and watches the tab it opened. The
 * tab has no opener (`noopener`): it is found as a new page of the browser's context, which
 * Playwright learns of from the browser's targets, not from the main page.
 */
export async function popOutChart(main: Page, id: string): Promise<DashboardPage> {
  await chartHere(main, id);
  const opened = main.context().waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
  await main.getByTestId(`popout-chart-${id}`).click();
  const tab = await opened;
  // Reloaded once, as a user may: the frame probe (stack.ts) then runs from its first script.
  // Not before its first page has loaded: a reload during that navigation was lost once.
  await tab.waitForLoadState('domcontentloaded', { timeout: STEP_TIMEOUT_MS });
  await tab.reload({ waitUntil: 'domcontentloaded', timeout: STEP_TIMEOUT_MS });
  const watched = await watchDashboard(tab);
  await chartOf(main, id).waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  return watched;
}

/**
 * Refuses to measure a main page that still draws a popped-out chart (its panel or canvases
 * still in the page): the figures would then count it twice.
 */
export async function checkPoppedOut(main: Page, ids: readonly string[]): Promise<void> {
  for (const id of ids)
    if ((await chartOf(main, id).count()) > 0)
      throw new Error(`pop-out: the main page still draws "${id}", which is in a tab of its own`);
}
