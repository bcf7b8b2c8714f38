/**
 * The dashboard end to end: a seeded simulator started here, `node out/main/web.js` (the
 * browser mode, built by `npm run test:e2e`) connected to it, and headless Debian Chromium on
 * the printed URL. The simulator is stopped and restarted on the same port to watch the health
 * bar walk through reconnecting back to live.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorOptions } from '../feed-simulator';
import { paintedPixels } from './support/chromium';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A light, seeded feed: the machine running the tests is shared. */
const SIM: SimulatorOptions = { seed: 42, rate: 400, instruments: 10, matches: 3 };

let dashboard: SimulatedDashboard | undefined;
let page: Page;

const connectionState = () =>
  page.getByTestId('connection-status').getAttribute('data-state', { timeout: 5_000 });

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('dashboard', SIM);
  page = dashboard.page;
});

afterAll(async () => {
  // An artifact for people to look at, not a check.
  if (page) {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}dashboard.png` });
  }
  await dashboard?.close();
});

describe('dashboard in browser mode', () => {
  it('shows the feed live with a tick rate', async () => {
    await expect.poll(connectionState, { timeout: 20_000 }).toBe('live');
    await expect
      .poll(async () => Number(await page.getByTestId('tick-rate').textContent()), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
  });

  it('lists the instruments and keeps their prices moving', async () => {
    const rows = page.locator('[data-testid^="watchlist-row-"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(SIM.instruments);
    const snapshot = () => page.getByTestId('watchlist').locator('tbody').innerText();
    const before = await snapshot();
    await expect.poll(snapshot, { timeout: 10_000 }).not.toBe(before);
  });

  it('draws the price and candle charts (non-blank canvases)', async () => {
    await expect
      .poll(() => paintedPixels(page, 'price-chart'), { timeout: 10_000 })
      .toBeGreaterThan(500);
    await expect
      .poll(() => paintedPixels(page, 'candle-chart'), { timeout: 10_000 })
      .toBeGreaterThan(500);
  });

  it('charts the instrument chosen with the keyboard, and a second side by side with Shift', async () => {
    const rows = page.locator('[data-testid^="watchlist-row-"]');
    const second = rows.nth(1);
    const secondId = (await second.getAttribute('data-testid'))!.replace('watchlist-row-', '');
    await second.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => second.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('price-chart').count()).toBe(1);
    expect(await page.getByTestId('price-chart').getAttribute('aria-label')).toContain(secondId);
    await rows.nth(0).focus();
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => page.getByTestId('price-chart').count()).toBe(2);
    await expect.poll(() => page.getByTestId('candle-chart').count()).toBe(2);
  });

  it('overlays the compared instruments on one axis in %, and goes back to side by side', async () => {
    await page.getByRole('button', { name: '% on one axis' }).click();
    const compare = page.getByTestId('compare-chart');
    await expect.poll(() => compare.count()).toBe(1);
    expect(await page.getByTestId('price-chart').count()).toBe(0);
    // One base price per instrument: what 0 % stands for on each line.
    const bases = async () =>
      ((await compare.locator('canvas').getAttribute('data-bases')) ?? '')
        .split(',')
        .filter(Boolean)
        .map(Number);
    await expect.poll(async () => (await bases()).length, { timeout: 10_000 }).toBe(2);
    expect((await bases()).every((b) => Number.isFinite(b) && b > 0)).toBe(true);
    await expect
      .poll(() => paintedPixels(page, 'compare-chart'), { timeout: 10_000 })
      .toBeGreaterThan(500);
    await page.getByRole('button', { name: 'Side by side' }).click();
    await expect.poll(() => page.getByTestId('price-chart').count()).toBe(2);
    expect(await compare.count()).toBe(0);
  });

  it('shows a scoreboard card per match', async () => {
    const cards = page.getByTestId('sports-panel').locator('[data-testid^="match-"]');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(SIM.matches);
    // At 1600×900 the panel holds one row of whole cards: none is cut at its incident line,
    // and the panel does not say there is more below when there is not.
    const cut = await page.evaluate(() => {
      const panel = document.getElementById('sports-cards')!.getBoundingClientRect();
      return [...document.querySelectorAll('#sports-cards > article')]
        .filter((c) => c.getBoundingClientRect().top < panel.bottom)
        .filter((c) => c.getBoundingClientRect().bottom > panel.bottom + 0.5).length;
    });
    expect(cut).toBe(0);
    expect(await page.getByTestId('sports-more').count()).toBe(0);
  });

  it('walks through reconnecting back to live when the feed restarts', async () => {
    const port = dashboard!.sim!.port;
    const seen: string[] = [];
    const watch = async (want: string, timeout: number) => {
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const state = (await connectionState()) ?? '';
        if (seen.at(-1) !== state) seen.push(state);
        if (state === want) return;
        await page.waitForTimeout(100);
      }
      throw new Error(`status never became ${want}; saw ${seen.join(' → ')}`);
    };
    await dashboard!.sim!.close();
    dashboard!.sim = undefined;
    await watch('reconnecting', 15_000);
    dashboard!.sim = await startSimulator({ ...SIM, port });
    await watch('live', 30_000);
    expect(seen.indexOf('reconnecting')).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)).toBe('live');
    // Data flows again after the reconnect.
    const rate = () => page.getByTestId('tick-rate').textContent();
    await expect.poll(async () => Number(await rate()), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
