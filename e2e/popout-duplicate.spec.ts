/**
 * A pop-out's URL opened again by hand (browser mode, bug 141's notice): the second tab of the
 * panel says the dashboard keeps the first, and its **Close this tab** closes it, or, where
 * the browser will not let a page close a tab it did not open (one that had shown another page
 * first), says so and how to close it. The first tab keeps the panel throughout.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popOutFirstChart } from './support/popout-tab';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A light, seeded feed: the machine running the tests is shared. */
const SIM = { seed: 33, rate: 200, instruments: 6, matches: 0 };

let dashboard: SimulatedDashboard | undefined;
let page: Page;
let popout: { id: string; tab: Page } | undefined;

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('popout-duplicate', SIM);
  page = dashboard.page;
}, 60_000);

/** The first chart popped out into its tab, once (it waits with expect.poll: in a test). */
const poppedOut = async () => (popout ??= await popOutFirstChart(page));

afterAll(async () => {
  await dashboard?.close();
});

/**
 * A tab the browser opens on `url`, as a user does (not a page's window.open, whose tabs a
 * script may always close), in the dashboard's browser context; `before`, when given, is shown
 * in it first, so its history holds two pages.
 */
async function openByHand(url: string, before?: string): Promise<Page> {
  const context = page.context();
  const { targetInfo } = await (await context.newCDPSession(page)).send('Target.getTargetInfo');
  const browser = await context.browser()!.newBrowserCDPSession();
  const opened = context.waitForEvent('page');
  await browser.send('Target.createTarget', {
    url: before ?? url,
    browserContextId: targetInfo.browserContextId,
  });
  const tab = await opened;
  await tab.waitForLoadState('load');
  if (before) await tab.goto(url);
  return tab;
}

/** The first tab still holds the panel: the main page offers its Dock, once. */
const firstKept = () => page.getByTestId(`dock-chart-${popout!.id}`).count();

describe('a pop-out tab opened again by hand (browser mode)', () => {
  it('closes on Close this tab, in a tab opened on its URL (as Duplicate tab does)', async () => {
    const { id, tab } = await poppedOut();
    const copy = await openByHand(tab.url());
    await copy.getByTestId('duplicate-tab').waitFor({ timeout: 15_000 });
    expect(await copy.getByRole('alert').textContent()).toContain(
      `The ${id} chart is open in another tab already`,
    );
    const closed = copy.waitForEvent('close');
    // The tab can close inside the click, before Playwright's own checks after it; that is the
    // click working, so only an error on a tab still open is one.
    await copy
      .getByRole('button', { name: 'Close this tab' })
      .click()
      .catch((error: unknown) => {
        if (!copy.isClosed()) throw error;
      });
    await closed;
    expect(await firstKept()).toBe(1);
    expect(tab.isClosed()).toBe(false);
  }, 60_000);

  it('says how to close it where the browser keeps it (a tab that had shown another page)', async () => {
    const copy = await openByHand((await poppedOut()).tab.url(), 'about:blank');
    expect(await copy.evaluate(() => history.length)).toBe(2);
    await copy.getByTestId('duplicate-tab').waitFor({ timeout: 15_000 });
    await copy.getByRole('button', { name: 'Close this tab' }).click();
    // Chromium refuses: "Scripts may close only the windows that were opened by them". Before,
    // the button did nothing at all.
    await copy.getByTestId('tab-kept').waitFor({ timeout: 5_000 });
    expect(await copy.getByTestId('tab-kept').textContent()).toContain('Ctrl+W');
    expect(copy.isClosed()).toBe(false);
    await copy.setViewportSize({ width: 1024, height: 640 });
    await copy.screenshot({ path: `${ARTIFACTS}popout-duplicate-kept-1024x640.png` });
    expect(await firstKept()).toBe(1);
    await copy.close();
    expect(dashboard!.pageProblems).toEqual([]);
  }, 60_000);
});
