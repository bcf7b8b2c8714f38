/**
 * The dividers between the main page's columns, dragged and keyed past their ends (browser
 * mode): the charts keep their least width between the watchlist and the order book whichever
 * is dragged last, in the window they were set in and in a smaller one, and a divider says its
 * panel's size to a screen reader.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_CHARTS_PX } from '../renderer/src/state/panel-layout';
import { ARTIFACTS } from './support/dashboard-page';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

/** A light, seeded feed: the machine running the tests is shared. */
const SIM = { seed: 35, rate: 100, instruments: 6, matches: 0 };

let dashboard: SimulatedDashboard | undefined;
let page: Page;

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('panel-dividers', SIM);
  page = dashboard.page;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('price-chart').first().waitFor({ timeout: 30_000 });
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
});

const divider = (panel: string) => page.getByRole('separator', { name: `Resize ${panel}` });
/** The charts panel's width on screen, px. */
const chartsPx = async () =>
  (await page.getByRole('region', { name: 'Charts', exact: true }).boundingBox())!.width;

/** Drags `panel`'s divider to `x` (past the window's edge if need be), in steps. */
async function dragTo(panel: string, x: number): Promise<void> {
  const box = (await divider(panel).boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(x, y, { steps: 8 });
  await page.mouse.up();
}

describe('the column dividers', () => {
  it('leave the charts their least width, the watchlist dragged right and then the book left', async () => {
    await dragTo('the watchlist', 1_919);
    await expect.poll(chartsPx).toBeGreaterThanOrEqual(MIN_CHARTS_PX - 1);
    // The book's divider dragged past the window's left edge: before, the book took 40 % of
    // the row beside the widened watchlist, and the charts had none.
    await dragTo('the order book and tape', 0);
    await page.waitForTimeout(300);
    expect(await chartsPx()).toBeGreaterThanOrEqual(MIN_CHARTS_PX - 1);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}panel-dividers-dragged-1920x1080.png` });
    // By keys: End on the book's divider widens it as far as it goes, the charts still kept.
    await divider('the order book and tape').focus();
    await page.keyboard.press('End');
    await page.waitForTimeout(300);
    expect(await chartsPx()).toBeGreaterThanOrEqual(MIN_CHARTS_PX - 1);
  });

  it('keep the charts their least width when the window is made smaller than the sizes saved', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(500);
    expect(await chartsPx()).toBeGreaterThanOrEqual(MIN_CHARTS_PX - 1);
    await page.screenshot({ path: `${ARTIFACTS}panel-dividers-smaller-1366x768.png` });
    // And in the narrow layout, the book under the others.
    await page.setViewportSize({ width: 900, height: 700 });
    await page.waitForTimeout(500);
    expect(await chartsPx()).toBeGreaterThanOrEqual(MIN_CHARTS_PX - 1);
  });

  it('says its panel’s width when focused and as the keys move it', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const watchlist = divider('the watchlist');
    await watchlist.focus();
    const now = Number(await watchlist.getAttribute('aria-valuenow'));
    expect(now).toBeGreaterThan(0);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => watchlist.getAttribute('aria-valuenow')).not.toBe(String(now));
    expect(await watchlist.getAttribute('aria-valuetext')).toMatch(/^\d+ pixels$/);
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
