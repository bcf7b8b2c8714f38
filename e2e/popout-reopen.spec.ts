/**
 * Pop-out tabs come back (browser mode): the watchlist and the alert log popped out into tabs,
 * the browser's pages closed, and the dashboard opened again offers "Reopen 2 panels"; a click
 * opens what the browser allows (Chromium: one tab a click), a tab that never says hello is
 * offered again for the next click, and the main page shows both panels out again.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** A light, seeded feed: the machine running the tests is shared. */
const SIM = { seed: 23, rate: 200, instruments: 6, matches: 0 };
const NAME = 'popout-reopen';

let dashboard: SimulatedDashboard | undefined;
let page: Page;

beforeAll(async () => {
  dashboard = await openSimulatedDashboard(NAME, SIM);
  page = dashboard.page;
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
});

async function savedPanels(): Promise<string[]> {
  const text = await readFile(dashboard!.settings, 'utf8').catch(() => '{}');
  const settings = JSON.parse(text) as { windows?: { panel: { panel: string } }[] };
  // Sorted: each tab is saved from its own hello, and tabs in processes of their own say it in
  // no set order.
  return (settings.windows ?? []).map((w) => w.panel.panel).sort();
}

describe('pop-out tabs after a reload (browser mode)', () => {
  it('offers the tabs of the last visit back and opens them on clicks', async () => {
    const url = page.url();
    const context = page.context();
    await page.getByTestId('popout-watchlist').waitFor({ timeout: 30_000 });
    for (const panel of ['watchlist', 'alerts']) {
      const opened = context.waitForEvent('page');
      await page.getByTestId(`popout-${panel}`).click();
      await opened;
    }
    await expect.poll(savedPanels, { timeout: 10_000 }).toEqual(['alerts', 'watchlist']);

    // The browser's pages go together (closing the main page closes its context, the tabs
    // with it, as quitting the browser does: the main page must not save none meanwhile), and
    // the dashboard is opened again, as after a browser restart.
    const browser = context.browser()!;
    await page.close();
    for (const p of context.pages()) await p.close();
    const again = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const pages = again.context();
    await again.goto(url);
    const reopen = again.getByTestId('reopen-tabs');
    await expect.poll(() => reopen.textContent(), { timeout: 30_000 }).toContain('Reopen 2 panels');
    // Named in words, not by their internal keys.
    const offered = await reopen.textContent();
    expect(offered).toContain('the watchlist');
    expect(offered).toContain('the alerts panel');
    expect(pages.pages()).toHaveLength(1); // offered, not opened behind the user's back
    await mkdir(ARTIFACTS, { recursive: true });
    await again.screenshot({
      path: `${ARTIFACTS}popout-reopen.png`,
      clip: { x: 0, y: 0, width: 1600, height: 120 },
    });

    const tabs: string[] = [];
    pages.on('page', (p) => tabs.push(p.url()));
    // A tab opened without its opener cannot be seen to be blocked at once: the page offers a
    // tab again when it has not said hello within HELLO_TIMEOUT_MS, and the user clicks again.
    const blockedAgain = async () =>
      (await reopen.count()) > 0 && /blocked/.test((await reopen.textContent()) ?? '');
    for (let click = 0; click < 3 && tabs.length < 2; click++) {
      const before = tabs.length;
      await again.getByRole('button', { name: /^Reopen \d panels?$/ }).click();
      await expect.poll(() => tabs.length, { timeout: 10_000 }).toBeGreaterThan(before);
      await expect
        .poll(async () => tabs.length >= 2 || (await blockedAgain()), { timeout: 15_000 })
        .toBe(true);
    }
    await expect
      // One click opens both; the browser reports the new tabs in no set order.
      .poll(() => tabs.map((t) => new URL(t).hash.replace(/&session=[0-9a-f-]+$/, '')).sort())
      .toEqual(['#panel=alerts', '#panel=watchlist']);
    await expect.poll(() => reopen.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => again.getByTestId('dock-watchlist').count()).toBeGreaterThan(0);
    await expect.poll(() => again.getByTestId('dock-alerts').count()).toBeGreaterThan(0);
    await expect.poll(savedPanels).toEqual(['alerts', 'watchlist']);
    await again.close();
  }, 120_000);
});
