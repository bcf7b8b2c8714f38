/**
 * Pop-out tabs outlive their main page (browser mode, bug 116): a chart popped out into a tab,
 * the main page left and opened again (a new load, so a new session), and the new main page
 * takes the tab still open: the chart stays out (not charted in the main page, not offered for
 * Reopen, which would open a second tab of it), the tab draws on, and docking from the tab
 * brings the chart back into the new main page. A main page that crashed (it says nothing) has
 * its tab taken by a page opened at once, not after the tab's missed heartbeats.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_INTERVAL_MS, MISSED_BEATS } from '../renderer/src/state/popout-channel';
import { dockFromTab, lastPointT, popOutFirstChart } from './support/popout-tab';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A light, seeded feed: the machine running the tests is shared. */
const SIM = { seed: 29, rate: 200, instruments: 6, matches: 0 };
/** Longer than a tab's missed beats (3 s): a page that took the tab must keep it. */
const SETTLE_MS = 4_000;

let dashboard: SimulatedDashboard | undefined;
let page: Page;

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('popout-adopt', SIM);
  page = dashboard.page;
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
});

describe('pop-out tabs of a main page opened again (browser mode)', () => {
  it('are taken by the new main page: out, not offered again, drawing, and docked from the tab', async () => {
    if ((await page.getByTestId('price-chart').count()) === 0)
      await page.locator('.watchlist tbody tr').first().click({ timeout: 30_000 });
    const { id, tab } = await popOutFirstChart(page);
    const chartedHere = () =>
      page.locator(`[data-testid="price-chart"][aria-label^="${id} "]`).count();
    const sessionBefore = new URL(tab.url()).hash.split('session=')[1];

    // The main page is left and opened again: a new load, not a reload, so a new session.
    const url = page.url();
    await page.goto('about:blank');
    await page.goto(url);
    await expect
      .poll(() => page.getByTestId(`dock-chart-${id}`).count(), { timeout: 15_000 })
      .toBe(1);
    await expect.poll(chartedHere).toBe(0);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(await page.getByTestId(`dock-chart-${id}`).count()).toBe(1);
    expect(await chartedHere()).toBe(0);
    expect(await page.getByTestId('reopen-tabs').count()).toBe(0);
    expect(page.context().pages()).toHaveLength(2); // no second tab of the chart
    // The tab names the new page's session now, so a reload of the tab keeps it.
    const sessionNow = await page.evaluate(() => sessionStorage.getItem('tickdeck-popout-session'));
    expect(sessionNow).not.toBe(sessionBefore);
    await expect.poll(() => new URL(tab.url()).hash).toContain(`session=${sessionNow}`);

    // The tab draws on.
    const firstT = await lastPointT(tab);
    await expect.poll(() => lastPointT(tab), { timeout: 20_000 }).toBeGreaterThan(firstT);

    // Docked from the tab: the tab closes, and the new main page charts it again.
    await dockFromTab(tab, id);
    await expect.poll(chartedHere, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByTestId(`dock-chart-${id}`).count()).toBe(0);
    expect(dashboard!.pageProblems).toEqual([]);
  }, 120_000);

  it('are taken at once by a page opened after the main page crashed', async () => {
    const { id, tab } = await popOutFirstChart(page);
    const url = page.url();

    // The main page's renderer dies: no pagehide, no word to its tab.
    const crashed = page.waitForEvent('crash');
    const cdp = await page.context().newCDPSession(page);
    void cdp.send('Page.crash').catch(() => {});
    await crashed;
    // The user opens the dashboard again at once, in a new tab (a new session). Playwright opens
    // no tab in this browser's own context, so the browser does, as a link with noopener would.
    const opened = page.context().waitForEvent('page');
    await tab.evaluate((u) => void window.open(u, '_blank', 'noopener'), url);
    const again = await opened;
    await again.waitForLoadState('load');
    const loaded = Date.now();
    await expect
      .poll(() => again.getByTestId(`dock-chart-${id}`).count(), { timeout: 15_000 })
      .toBe(1);
    const joinedMs = Date.now() - loaded;
    // Before the tab could have missed its page's heartbeats: it asked the browser.
    expect(joinedMs).toBeLessThan(HEARTBEAT_INTERVAL_MS * MISSED_BEATS);
    const session = await again.evaluate(() => sessionStorage.getItem('tickdeck-popout-session'));
    await expect.poll(() => new URL(tab.url()).hash).toContain(`session=${session}`);
    expect(await again.locator(`[data-testid="price-chart"][aria-label^="${id} "]`).count()).toBe(
      0,
    );
    await again.screenshot({ path: `${ARTIFACTS}popout-adopt-after-crash.png` });
    await dockFromTab(tab, id);
    await expect
      .poll(() => again.locator(`[data-testid="price-chart"][aria-label^="${id} "]`).count(), {
        timeout: 10_000,
      })
      .toBe(1);
    console.log(
      `popout-adopt: a crashed page's tab joined the new page ${joinedMs} ms after it loaded`,
    );
  }, 120_000);
});
