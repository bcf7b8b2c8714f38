/**
 * An instrument quoted and never traded (its snapshot's last trade at 100, its quotes near 150),
 * charted with 15 price lines already drawn: the chart's head, the L key and the alert a drawn
 * line offers take the price the line plots, not the old last; the candle pane says it has no trades instead of drawing a 0-to-1
 * price axis; a 17th line is refused, naming the bound, and no line is lost. Then the dashboard
 * at small windows: no panel squeezed under about 280 px wide.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PRICE_LINES_PER_CHART } from '../protocol/chart-setup';
import { paintedPixels } from './support/chromium';
import { ARTIFACTS, openDashboard, type DashboardPage } from './support/dashboard-page';
import type { LoopbackFeed } from './support/loopback-feed';
import { QUOTED_MID, STALE_LAST, startQuoteOnlyFeed } from './support/quote-only-feed';

/** One line short of the most, far under the quotes (off the chart's axis), the oldest first. */
const LINES = Array.from({ length: MAX_PRICE_LINES_PER_CHART - 1 }, (_, i) => 140 + i / 2);

let feed: LoopbackFeed | undefined;
let dashboard: DashboardPage | undefined;
let page: Page;

beforeAll(async () => {
  feed = await startQuoteOnlyFeed();
  dashboard = await openDashboard('quote-only', ['--feed', feed.url], {
    chartSetups: { QUOT: { indicators: [], priceLines: LINES } },
  });
  page = dashboard.page;
}, 60_000);

afterAll(async () => {
  await dashboard?.close('quote-only.png');
  await feed?.close();
});

/** Near the quotes, not at the old last. */
const nearQuotes = (price: number) => Math.abs(price - QUOTED_MID) < 1;

describe('an instrument quoted but never traded', () => {
  it('keeps its last trade in the watchlist, and the chart head shows the price the line plots', async () => {
    await expect
      .poll(() => paintedPixels(page, 'price-chart'), { timeout: 20_000 })
      .toBeGreaterThan(200);
    const row = page.locator('[data-testid^="watchlist-row-"]').first();
    await expect.poll(() => row.textContent()).toContain(STALE_LAST.toFixed(2));
    const head = page.locator('article.instrument header .price');
    const shown = Number(await head.textContent());
    expect(nearQuotes(shown), `the head shows ${shown}`).toBe(true);
  });

  it('has a candle pane that says it has no trades', async () => {
    const canvas = page.getByTestId('candle-chart').locator('canvas');
    await expect
      .poll(() => canvas.getAttribute('data-note'))
      .toMatch(/^No trades yet: candles are made of trades/);
  });

  it('offers an alert on a line drawn under the quotes as a crossing down, though over the last', async () => {
    const chart = page.getByTestId('price-chart');
    const box = (await chart.boundingBox())!;
    await page.mouse.dblclick(box.x + box.width / 3, box.y + box.height - 30);
    const condition = page.getByRole('form', { name: 'New alert' }).getByLabel('Condition');
    await expect.poll(() => condition.inputValue(), { timeout: 5_000 }).toBe('crosses-down');
    const value = Number(
      await page.getByRole('form', { name: 'New alert' }).getByLabel('Value').inputValue(),
    );
    expect(nearQuotes(value) && value > STALE_LAST, `a line at ${value}`).toBe(true);
  });

  it('refuses a 17th price line at the plotted price, naming the bound, and keeps the 16', async () => {
    await page.getByTestId('price-chart').focus();
    await page.keyboard.press('l');
    const refused = page.getByTestId('price-line-refused');
    await expect
      .poll(() => refused.textContent(), { timeout: 5_000 })
      .toMatch(/^16 price lines at most: /);
    const price = Number((await refused.textContent())!.match(/most: ([\d.]+) not drawn/)![1]);
    expect(nearQuotes(price), `L asked for a line at ${price}`).toBe(true);
    await page.waitForTimeout(500);
    const saved = JSON.parse(await readFile(dashboard!.settings, 'utf8'));
    expect(saved.chartSetups.QUOT.priceLines.slice(0, -1)).toEqual(LINES);
    expect(saved.chartSetups.QUOT.priceLines.length).toBe(MAX_PRICE_LINES_PER_CHART);
  });
});

describe('the dashboard in a small window', () => {
  for (const [width, height] of [
    [700, 500],
    [900, 600],
    [1280, 720],
  ] as const) {
    it(`keeps the watchlist, the charts and the book usable at ${width}×${height}`, async () => {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: `${ARTIFACTS}small-window-${width}x${height}.png` });
      const widths = await page.evaluate(() =>
        ['.watchlist', '.charts', '.depth'].map(
          (s) => document.querySelector(`main.grid > ${s}`)!.getBoundingClientRect().width,
        ),
      );
      // "About 280": the book's default column is 22 % of the row, 279 px at 1280.
      for (const w of widths)
        expect(w, `panel widths ${widths.join(', ')}`).toBeGreaterThanOrEqual(275);
    });
  }

  it('ran without page errors', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
