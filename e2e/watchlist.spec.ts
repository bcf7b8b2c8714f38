/**
 * The watchlist and chart controls end to end (browser mode against a seeded simulator): the
 * search narrows the list, the interval picker sets window and candle size together, and the
 * screens are saved at 1600×900, 1280×720 and a 150 % zoom for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { MIN_CHARTS_PX } from '../renderer/src/state/panel-layout';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorOptions } from '../feed-simulator';
import { paintedPixels } from './support/chromium';
import { outOfPanel } from './support/overflow';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A light, seeded feed: the machine running the tests is shared. */
const SIM: SimulatorOptions = { seed: 7, rate: 300, instruments: 12, matches: 3 };

let dashboard: SimulatedDashboard | undefined;
let page: Page;
const rowIds = async () =>
  (await page
    .locator('[data-testid^="watchlist-row-"]')
    .evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('data-testid')!.replace('watchlist-row-', '')),
    )) as string[];

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('watchlist', SIM);
  page = dashboard.page;
});

afterAll(() => dashboard?.close());

describe('watchlist in browser mode', () => {
  it('lists every instrument', async () => {
    await expect
      .poll(() => page.locator('[data-testid^="watchlist-row-"]').count(), { timeout: 30_000 })
      .toBe(SIM.instruments);
  });

  it('narrows the list to what the search matches, and shows all again when cleared', async () => {
    const all = await rowIds();
    const target = all[3]!;
    const search = page.getByTestId('watchlist-search');
    await search.fill(target.toLowerCase());
    await expect.poll(rowIds, { timeout: 5_000 }).toEqual([target]);
    await search.press('Escape');
    await expect.poll(async () => (await rowIds()).length, { timeout: 5_000 }).toBe(all.length);
  });

  it('sets the window and the candle size with one labelled picker', async () => {
    const picker = page.getByRole('combobox', { name: 'Time range', exact: true });
    expect(await picker.getAttribute('data-testid')).toBe('interval-picker');
    expect(await page.getByTestId('interval-picker').count()).toBe(1);
    await picker.selectOption({ label: '1m · 1s' });
    await expect
      .poll(() => page.getByTestId('candle-chart').first().getAttribute('aria-label'))
      .toContain('1s bars');
    await expect
      .poll(() => page.getByTestId('price-chart').first().getAttribute('aria-label'))
      .toContain('last 1 minutes');
    await expect
      .poll(() => paintedPixels(page, 'candle-chart'), { timeout: 10_000 })
      .toBeGreaterThan(500);
  });

  it('holds the sorted order while the pointer is over the list', async () => {
    await page.getByRole('button', { name: /^Chg %/ }).click(); // the pointer is on the list
    await expect.poll(() => page.getByTestId('watchlist-sort-held').count()).toBe(1);
    const held = await rowIds();
    await page.waitForTimeout(1_500); // prices move meanwhile
    expect(await rowIds()).toEqual(held);
    await page.mouse.move(1_500, 880); // off the list
    await expect.poll(() => page.getByTestId('watchlist-sort-held').count()).toBe(0);
  });

  it('turns a move arrow by colour alone: the same glyphs in the same box up or down', async () => {
    // A turn that changed a glyph rebuilt it and laid the page out again, ~550 times a second
    // in the full dashboard (docs/PERFORMANCE.md, "The watchlist's flush and arrows").
    const arrows = () =>
      page.locator('.watchlist .arrow').evaluateAll((els) =>
        els.map((el) => {
          const before = getComputedStyle(el, '::before');
          const after = getComputedStyle(el, '::after');
          const box = el.getBoundingClientRect();
          const shown = (s: CSSStyleDeclaration) => s.color !== 'rgba(0, 0, 0, 0)';
          return {
            move: el.classList.contains('up') ? 'up' : el.classList.contains('down') ? 'down' : '',
            glyphs: `${before.content} ${after.content}`,
            box: `${box.width}×${box.height}`,
            shown: `${shown(before) ? '▲' : ''}${shown(after) ? '▼' : ''}`,
          };
        }),
      );
    await expect
      .poll(async () => new Set((await arrows()).map((a) => a.move)), { timeout: 10_000 })
      .toEqual(new Set(['up', 'down']));
    const seen = await arrows();
    expect(new Set(seen.map((a) => a.glyphs))).toEqual(new Set(['"▲" "▼"']));
    expect(new Set(seen.map((a) => a.box)).size).toBe(1);
    for (const a of seen) expect(a.shown).toBe(a.move === 'up' ? '▲' : '▼');
  });

  it('saves the screens at 1600×900, 1280×720 and 150 % zoom, no control out of its panel', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const rows = page.locator('[data-testid^="watchlist-row-"]');
    await rows.nth(0).focus();
    await page.keyboard.press('Enter');
    await rows.nth(1).focus();
    await page.keyboard.press('Shift+Enter');
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: `${ARTIFACTS}watchlist-1600x900.png` });
    expect(await outOfPanel(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: `${ARTIFACTS}watchlist-1280x720.png` });
    expect(await outOfPanel(page)).toEqual([]);
    // A 1600×900 window at 150 % zoom lays the page out in 1067×600 CSS pixels.
    const zoomed = await page
      .context()
      .browser()!
      .newPage({ viewport: { width: 1067, height: 600 }, deviceScaleFactor: 1.5 });
    try {
      await zoomed.goto(page.url());
      await expect
        .poll(() => zoomed.locator('[data-testid^="watchlist-row-"]').count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      await zoomed.waitForTimeout(1_500);
      const png = await zoomed.screenshot({ path: `${ARTIFACTS}watchlist-zoom150.png` });
      expect(png.length).toBeGreaterThan(10_000);
      expect(await outOfPanel(zoomed)).toEqual([]);
      // The watchlist starts wide, but not at the charts' cost: they keep what a divider would
      // leave them (they got 232 px, two charts of 116).
      const chartsPx = await zoomed
        .locator('.charts')
        .evaluate((e) => e.getBoundingClientRect().width);
      expect(chartsPx).toBeGreaterThanOrEqual(MIN_CHARTS_PX - 1);
    } finally {
      await zoomed.close();
    }
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
