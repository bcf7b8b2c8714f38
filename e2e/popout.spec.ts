/**
 * Pop-out in browser mode: a chart popped out of the main page opens in a new tab on the same
 * host and token, in a renderer process of its own (opened without its opener), which draws
 * that chart from batches carrying that instrument alone, while the main page keeps receiving
 * its batches at its rate; a time range picked in the main page brings the tab's held chart
 * back to live at that range; the main page reloaded takes the tab back (same session); docking
 * from the tab (a message to the main page) closes the tab and the main page draws the chart
 * again. Batches are counted on each page's own socket.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_WINDOW, type Batch } from '../protocol/batch';
import { paintedPixels } from './support/chromium';
import { dockFromTab, lastPointT } from './support/popout-tab';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A light, seeded feed: the machine running the tests is shared. */
const SIM = { seed: 17, rate: 400, instruments: 12, matches: 0 };
/** How long each batch rate is measured, ms. */
const RATE_WINDOW_MS = 3_000;

let dashboard: SimulatedDashboard | undefined;
let page: Page;

/** Every batch a page receives on its socket, with when it came. */
function recordBatches(p: Page): { at: number; batch: Batch }[] {
  const seen: { at: number; batch: Batch }[] = [];
  p.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const msg = JSON.parse(String(payload)) as { type: string; batch?: Batch };
      if (msg.type === 'batch') seen.push({ at: Date.now(), batch: msg.batch! });
    }),
  );
  return seen;
}

/** When a page first sent its interest on its socket (null: not yet). */
function interestSent(p: Page): { at: number | null } {
  const sent = { at: null as number | null };
  p.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      if (sent.at === null && String(payload).startsWith('{"type":"interest"'))
        sent.at = Date.now();
    }),
  );
  return sent;
}

/** Batches a second over the next `RATE_WINDOW_MS`. */
async function rate(seen: readonly { at: number }[]): Promise<number> {
  const from = Date.now();
  await new Promise((r) => setTimeout(r, RATE_WINDOW_MS));
  return (seen.filter((b) => b.at >= from).length * 1_000) / RATE_WINDOW_MS;
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  dashboard = await openSimulatedDashboard('popout', SIM);
  page = dashboard.page;
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
});

describe('pop-out (browser mode)', () => {
  it('pops a chart out into a tab that draws it while the main page keeps its rate, then docks it', async () => {
    // The page's socket opened before the spec could watch it: a reload opens a watched one.
    const mainBatches = recordBatches(page);
    await page.reload();
    // Charted by default or by a click on the first row.
    if ((await page.getByTestId('price-chart').count()) === 0)
      await page.locator('.watchlist tbody tr').first().click();
    const chart = page.getByTestId('price-chart').first();
    await expect
      .poll(() => paintedPixels(page, 'price-chart'), { timeout: 30_000 })
      .toBeGreaterThan(500);
    const id = (await chart.getAttribute('aria-label'))!.split(' ')[0]!;
    const before = await rate(mainBatches);
    expect(before).toBeGreaterThan(1); // 30 a second at most; far fewer on a loaded machine

    // The tab's socket is watched from its first frame.
    let tabSeen: { at: number; batch: Batch }[] = [];
    let tabInterest: { at: number | null } = { at: null };
    page.context().once('page', (p) => {
      tabSeen = recordBatches(p);
      tabInterest = interestSent(p);
    });
    // The browser's renderer processes, from the DevTools protocol.
    const cdp = await page.context().browser()!.newBrowserCDPSession();
    const renderers = async () =>
      (await cdp.send('SystemInfo.getProcessInfo')).processInfo.filter((p) => p.type === 'renderer')
        .length;
    const renderersBefore = await renderers();
    const tabOpened = page.context().waitForEvent('page');
    await page.getByTestId(`popout-chart-${id}`).click();
    const tab = await tabOpened;
    expect(new URL(tab.url()).searchParams.get('token')).toBe(
      new URL(page.url()).searchParams.get('token'),
    );
    expect(new URL(tab.url()).hash).toMatch(
      new RegExp(`^#panel=chart&instrument=${encodeURIComponent(id)}&session=[0-9a-f-]+$`),
    );
    // Opened without its opener, so in a renderer process of its own: one more than before.
    await expect.poll(renderers, { timeout: 10_000 }).toBe(renderersBefore + 1);
    const { targetInfos } = await cdp.send('Target.getTargets');
    const tabTarget = targetInfos.find((t) => t.type === 'page' && t.url === tab.url());
    // The DevTools protocol still names who opened it, but the tab cannot reach its opener.
    expect(tabTarget).toMatchObject({ openerId: expect.any(String), canAccessOpener: false });

    // The tab draws that chart, and it moves on with the feed.
    await expect
      .poll(() => paintedPixels(tab, 'price-chart'), { timeout: 30_000 })
      .toBeGreaterThan(500);
    expect(await tab.getByTestId('price-chart').getAttribute('aria-label')).toMatch(
      new RegExp(`^${id} `),
    );
    const firstT = await lastPointT(tab);
    await expect.poll(() => lastPointT(tab), { timeout: 20_000 }).toBeGreaterThan(firstT);
    // The main page shows where the chart went, and keeps its batch rate meanwhile.
    await expect.poll(() => page.getByTestId(`dock-chart-${id}`).count()).toBe(1);
    const during = await rate(mainBatches);
    expect(during).toBeGreaterThanOrEqual(before * 0.6);
    await tab.screenshot({ path: `${ARTIFACTS}popout-chart.png` });

    // The tab's chart panned back holds its view until a time range is picked, here in the main
    // page: the setting is shared, and the tab shows the picked range live.
    await tab.getByTestId('price-chart').focus();
    await tab.keyboard.press('+');
    await tab.keyboard.press('ArrowLeft');
    await expect.poll(() => tab.getByTestId('back-to-live').count(), { timeout: 5_000 }).toBe(1);
    const range = page.getByRole('combobox', { name: 'Time range' });
    const rangeBefore = await range.inputValue();
    await range.selectOption({ label: '15m · 5s' });
    await expect.poll(() => tab.getByTestId('back-to-live').count(), { timeout: 5_000 }).toBe(0);
    await range.selectOption(rangeBefore);

    // The tab's batches carried its instrument alone once its interest reached the engine (the
    // first, a reset, lists every row). Of those that came after the tab sent it, the first
    // FLOW_WINDOW may have been built before it arrived; no more, as the window is full.
    expect(tabInterest.at).not.toBeNull();
    const later = tabSeen
      .filter(({ at }) => at > tabInterest.at!)
      .slice(FLOW_WINDOW)
      .filter(({ batch }) => !batch.reset);
    expect(later.length).toBeGreaterThan(10);
    const otherRows = later.flatMap(({ batch }) => batch.market.filter((r) => r.id !== id));
    expect(otherRows).toEqual([]);
    expect(later.some(({ batch }) => batch.series.some((s) => s.id === id))).toBe(true);

    // The main page reloaded keeps its session and hears the tab still open: out, unasked.
    await page.reload();
    await expect
      .poll(() => page.getByTestId(`dock-chart-${id}`).count(), { timeout: 10_000 })
      .toBe(1);
    await expect.poll(() => page.getByTestId('reopen-tabs').count()).toBe(0);

    // Dock: the tab closes and the main page draws the chart again.
    await dockFromTab(tab, id);
    await expect
      .poll(() => page.getByTestId(`popout-chart-${id}`).count(), { timeout: 10_000 })
      .toBe(1);
    await expect.poll(() => page.getByTestId(`dock-chart-${id}`).count()).toBe(0);
    await expect.poll(renderers, { timeout: 10_000 }).toBe(renderersBefore);
    await cdp.detach();
    expect(dashboard!.pageProblems).toEqual([]);
  }, 120_000);
});
