/**
 * The dashboard by keyboard alone, and as a screen reader names it (browser mode): the panels'
 * regions are named for the panel (not for every word and button in their title bars), each
 * fold button says which panel it folds, and the alert form is reached by Tab, filled, closed
 * by Escape and after Add with focus back on New alert, its rules' buttons named for the rule; a
 * watchlist row reached by Tab shows its instrument at 1366 × 768, and its focus ring whole; a
 * workspace is saved by keys.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS } from './support/dashboard-page';
import { shareOfColourByRow } from './support/pixels';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

/** A light, seeded feed with matches, so the sports panel shows. */
const SIM = { seed: 31, rate: 100, instruments: 6, matches: 2 };
/** More Tab presses than the page has stops before New alert (about 40 at 1920 × 1080). */
const MAX_TABS = 120;

let dashboard: SimulatedDashboard | undefined;
let page: Page;

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('keyboard', SIM);
  page = dashboard.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByTestId('sports-panel').waitFor({ timeout: 30_000 });
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
});

/** The focused element's test id, or its accessible name's source (aria-label, or its text). */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const text = el?.textContent?.replace(/\s+/g, ' ').trim();
    return el?.dataset.testid ?? el?.getAttribute('aria-label') ?? text ?? '';
  });

describe('the dashboard by keyboard and screen reader', () => {
  it('names each panel’s region and heading for the panel, each fold for what it folds, the tape', async () => {
    for (const name of ['Watchlist', 'Charts', 'Sports', 'Alerts']) {
      expect(await page.getByRole('region', { name, exact: true }).count(), name).toBe(1);
      // The heading too: its counts and buttons sit beside it, named on their own.
      expect(await page.getByRole('heading', { name, exact: true }).count(), name).toBe(1);
    }
    // The tape's scroll box, a Tab stop in Chromium, says what it is.
    const tape = page.getByRole('region', { name: 'Trades, newest first' });
    expect(await tape.getAttribute('tabindex')).toBe('0');
    expect(
      await page.getByRole('button', { name: 'Hide the sports panel', expanded: true }).count(),
    ).toBe(1);
    expect(
      await page.getByRole('button', { name: 'Show the alerts panel', expanded: false }).count(),
    ).toBe(1);
  });

  it('shows the instrument of a watchlist row reached by Tab past the sort buttons', async () => {
    await page.locator('body').focus();
    let tabs = 0;
    const isRow = async () => (await focused()).startsWith('watchlist-row-');
    while (!(await isRow()) && tabs++ < MAX_TABS) await page.keyboard.press('Tab');
    expect(await isRow()).toBe(true);
    // The table is wider than its panel at 1366 px: Vol's button scrolled it right on the way.
    const scroller = page.getByTestId('watchlist').locator('xpath=..');
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await scroller.evaluate((el) => el.scrollLeft)).toBe(0);
    await page.keyboard.press('ArrowDown');
    expect(await scroller.evaluate((el) => el.scrollLeft)).toBe(0);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}keyboard-watchlist-row-1366x768.png` });
  });

  it('shows the whole top edge of a focused row’s ring, the first row’s and the next', async () => {
    // Reached by keyboard: Tab from the last sort button enters the list on its Tab stop.
    await page.getByRole('button', { name: 'Vol', exact: true }).focus();
    await page.keyboard.press('Tab');
    const scroller = page.getByTestId('watchlist').locator('xpath=..');
    for (const key of ['Home', 'ArrowDown']) {
      await page.keyboard.press(key);
      const row = page.locator('tr[data-testid^="watchlist-row-"]:focus');
      const ring = await row.evaluate((el) => getComputedStyle(el).outlineColor);
      const view = (await scroller.boundingBox())!;
      const box = (await row.boundingBox())!;
      // The row's top 4 px, across the part of it the list shows (it is wider at 1366 px).
      const top = { x: view.x, y: box.y, width: Math.min(box.width, view.width - 16), height: 4 };
      const shares = await shareOfColourByRow(page, top, ring);
      expect(Math.max(...shares), `${key}: ${shares.join(', ')}`).toBeGreaterThan(0.9);
    }
  });

  it('saves a workspace by keys alone: the menu, Save as…, a name, Enter', async () => {
    const trigger = page.getByTestId('workspace-menu').locator('> button');
    await trigger.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // Save is disabled with no workspace: Save as… is next
    expect(await focused()).toBe('Save as…');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('workspace-name');
    await page.keyboard.type('Desk A');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}keyboard-workspace-save-as-1366x768.png` });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('workspace-current').textContent()).toBe('Desk A');
    await expect.poll(() => page.getByTestId('workspace-name').count()).toBe(0);
    expect(await focused()).toBe('Save as…'); // back on the button that asked
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('Workspace Desk A ▾');
  });

  it('reaches New alert by Tab, closes the form by Escape and after Add, focus back on New alert', async () => {
    await page.locator('body').focus();
    let tabs = 0;
    while ((await focused()) !== 'alert-new' && tabs++ < MAX_TABS) await page.keyboard.press('Tab');
    expect(await focused()).toBe('alert-new');
    const ring = await page
      .getByTestId('alert-new')
      .evaluate((el) => parseFloat(getComputedStyle(el).outlineWidth));
    expect(ring).toBeGreaterThanOrEqual(2);
    const form = page.getByRole('form', { name: 'New alert' });

    await page.keyboard.press('Enter');
    await form.waitFor();
    await page.keyboard.type('ACME');
    await page.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    expect(await focused()).toBe('alert-new');

    // Again: what was typed is kept; a value, Enter, and the rule is added.
    await page.keyboard.press('Enter');
    await form.waitFor();
    expect(await form.getByLabel('Instrument').inputValue()).toBe('ACME');
    await page.keyboard.press('Tab'); // the condition, crosses-down
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}keyboard-alert-form-1366x768.png` });
    await page.keyboard.press('Enter');
    await expect.poll(() => form.count()).toBe(0);
    expect(await focused()).toBe('alert-new');
    const rules = page.getByRole('list', { name: 'Alert rules' });
    await rules.getByRole('button', { name: 'Delete ACME crosses-down 1 once' }).waitFor();
    expect(
      await rules.getByRole('button', { name: 'Disable ACME crosses-down 1 once' }).count(),
    ).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}keyboard-alert-rule-1366x768.png` });
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
