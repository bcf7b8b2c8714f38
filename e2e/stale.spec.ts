/**
 * Old data never looks live, end to end: the dashboard in browser mode against a seeded
 * simulator that is killed and restarted on the same port. While it is gone, a banner says
 * since when and how old the data is, every watchlist row and match card is marked stale, no
 * card says LIVE and the health badge says down; when it is back, all of that clears. The
 * user's own Disconnect says so too, and Reconnect, in its place, brings the feed back.
 * Screenshots of both states at 1600×900 and 1280×720 land in artifacts/.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorOptions } from '../feed-simulator';
import { outOfCards } from './support/overflow';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A light feed whose first match kicks off 2 s in and stays live for the spec's length. */
const SIM: SimulatorOptions = {
  seed: 21,
  rate: 300,
  instruments: 8,
  matches: 6, // six cards across at 1600 px: narrow enough to squeeze a locked card's odds
  matchDurationMs: 240_000,
};
/** The bound: the page says the feed is gone within this, ms. */
const STALE_SHOWN_WITHIN_MS = 3_000;

let dashboard: SimulatedDashboard | undefined;
let page: Page;
/** The simulator's port, kept for its restart. */
let port = 0;

const rows = () => page.locator('[data-testid^="watchlist-row-"]');
const cards = () => page.getByTestId('sports-panel').locator('[data-testid^="match-"]');
const badge = () => page.getByTestId('connection-status').getAttribute('data-badge');
const banner = () => page.getByTestId('stale-banner');
const count = (selector: string) => page.locator(selector).count();
/**
 * The most coloured pixel of the price chart's canvas (its channels' max − min): the chart
 * draws its stale look itself on its opaque canvas (no CSS filter), so the pixels must say it.
 */
const chartColour = () =>
  page
    .getByTestId('price-chart')
    .first()
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let most = 0;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
        most = Math.max(most, Math.max(r, g, b) - Math.min(r, g, b));
      }
      return most;
    });
/** Above this a pixel is coloured (the line's blue is 147); the dark panel's own tint is 12. */
const COLOURED = 40;

/** Screenshots at both sizes; at each, nothing on a match card may reach past the card. */
async function screenshots(name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  for (const [width, height] of [
    [1600, 900],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(400); // a frame or two at the new size
    await page.screenshot({ path: `${ARTIFACTS}${name}-${width}x${height}.png` });
    expect(await outOfCards(page), `${name} at ${width}×${height}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1600, height: 900 });
}

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('stale', SIM);
  page = dashboard.page;
});

afterAll(() => dashboard?.close());

describe('a killed feed in browser mode', () => {
  it('starts live: no banner, nothing stale, a match card says Live', async () => {
    await expect.poll(badge, { timeout: 20_000 }).toBe('live');
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(SIM.instruments);
    await expect.poll(() => cards().count(), { timeout: 10_000 }).toBe(SIM.matches);
    await expect.poll(() => cards().first().innerText(), { timeout: 10_000 }).toMatch(/\bLIVE\b/i);
    expect(await banner().count()).toBe(0);
    expect(await count('[data-stale="true"]')).toBe(0);
    await expect.poll(chartColour, { timeout: 10_000 }).toBeGreaterThan(COLOURED);
    await expect
      .poll(() => page.getByTestId('last-update').innerText(), { timeout: 5_000 })
      .toMatch(/last update\s*\d+ ms ago/);
  });

  it('says so within 3 s of the simulator dying: banner, stale rows and cards, badge down', async () => {
    port = dashboard!.sim!.port;
    const killedAt = Date.now();
    await dashboard!.sim!.close();
    dashboard!.sim = undefined;
    await banner().waitFor({ timeout: STALE_SHOWN_WITHIN_MS });
    const shownAfterMs = Date.now() - killedAt;
    console.log(`stale banner shown ${shownAfterMs} ms after the simulator closed`);
    expect(shownAfterMs).toBeLessThan(STALE_SHOWN_WITHIN_MS);
    expect(await badge()).toBe('down');
    expect(await banner().innerText()).toMatch(
      /^⚠\s*disconnected\s*since \d\d:\d\d:\d\d \(data \d+ (ms|s) old\) · /i,
    );
    await expect
      .poll(() => count('[data-testid^="watchlist-row-"][data-stale="true"]'))
      .toBe(SIM.instruments);
    await expect.poll(() => count('[data-testid^="match-"][data-stale="true"]')).toBe(SIM.matches);
    for (const text of await cards().allInnerTexts()) expect(text).not.toMatch(/\blive\b/i);
    expect(await cards().first().innerText()).toMatch(/SUSPENDED/i);
    await expect.poll(chartColour).toBeLessThan(COLOURED);
  });

  it('keeps aging the data while the feed stays away', async () => {
    const age = async () => Number(/data (\d+) s old/.exec(await banner().innerText())?.[1] ?? -1);
    await expect.poll(age, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await screenshots('stale');
  });

  it('clears everything when the simulator is back on the same port', async () => {
    dashboard!.sim = await startSimulator({ ...SIM, port });
    await expect.poll(badge, { timeout: 30_000 }).toBe('live');
    await expect.poll(() => banner().count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => count('[data-stale="true"]'), { timeout: 5_000 }).toBe(0);
    await expect.poll(chartColour, { timeout: 5_000 }).toBeGreaterThan(COLOURED);
    await expect.poll(() => cards().first().innerText(), { timeout: 10_000 }).toMatch(/\bLIVE\b/i);
    await page.getByRole('button', { name: /Details/ }).click();
    await screenshots('live');
  });

  it('disconnects on the button, says so, and reconnects on the button that takes its place', async () => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(badge, { timeout: 5_000 }).toBe('down');
    expect(await banner().innerText()).toMatch(/the feed was disconnected/);
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await expect.poll(badge, { timeout: 10_000 }).toBe('live');
    await expect.poll(() => banner().count(), { timeout: 5_000 }).toBe(0);
    expect(await page.getByRole('button', { name: 'Disconnect' }).isEnabled()).toBe(true);
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
