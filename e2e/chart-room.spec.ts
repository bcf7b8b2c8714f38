/**
 * Room for the charts on a laptop screen: at 1366 × 768 with the replay bar, the banner that
 * offers the pop-out tabs back, the sports panel and the alert form all open, the price chart
 * keeps a usable height (it had about 60 px); at 1280 × 720 the charts column keeps a usable
 * width beside the watchlist (it had 340 px beside 640). Screenshots at 1920, 1366 and 1280 go
 * to artifacts/ for people to look at.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../feed-simulator';
import { recordFeed } from '../recording';
import { ARTIFACTS, openDashboard, type DashboardPage } from './support/dashboard-page';

const SIM = { seed: 5, rate: 300, instruments: 8, matches: 6 };
/** A pop-out tab saved by the last page: the page offers it back in a banner. */
const SAVED_TAB = {
  panel: { panel: 'chart', instrument: 'BOLT' },
  bounds: { x: 0, y: 0, width: 800, height: 600 },
  displayId: null,
};
/** Least height of the price chart's canvas at 1366 × 768 with everything open, CSS px. */
const MIN_PRICE_CANVAS_PX = 150;
/** Least width of the charts column at 1280 × 720, CSS px. */
const MIN_CHARTS_COLUMN_PX = 520;

let dir: string;
let dashboard: DashboardPage | undefined;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-chart-room-'));
  const sim = await startSimulator({ ...SIM, port: 0 });
  try {
    const recording = await recordFeed({ url: sim.url, dir: join(dir, 'session') });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await recording.stop();
  } finally {
    await sim.close();
  }
  dashboard = await openDashboard('chart-room', ['--replay', join(dir, 'session')], {
    windows: [SAVED_TAB],
  });
  page = dashboard.page;
  await page.getByTestId('replay-bar').waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: /Reopen 1 panel/ }).waitFor({ timeout: 10_000 });
  await page.getByTestId('sports-panel').waitFor({ timeout: 10_000 });
  await page.getByTestId('alert-new').click();
  await page.getByRole('button', { name: 'Add', exact: true }).waitFor({ timeout: 5_000 });
});

afterAll(async () => {
  await dashboard?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The price chart's canvas and the charts column, CSS px. */
function sizes(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="price-chart"] canvas')!;
    const charts = document.querySelector('.app > .grid > :nth-child(3)')!;
    const watchlist = document.querySelector('.app > .grid > :nth-child(1)')!;
    return {
      priceHeight: canvas.getBoundingClientRect().height,
      chartsWidth: charts.getBoundingClientRect().width,
      watchlistWidth: watchlist.getBoundingClientRect().width,
    };
  });
}

async function shoot(width: number, height: number) {
  await page.setViewportSize({ width, height });
  // Two frames: the charts redraw at their new size.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `chart-room-${width}.png`) });
  return sizes(page);
}

describe('room for the charts', () => {
  it('keeps the price chart usable at 1366 × 768 with the replay bar, banner, sports and alert form open', async () => {
    const wide = await shoot(1920, 1080);
    const laptop = await shoot(1366, 768);
    const small = await shoot(1280, 720);
    console.log('chart room', JSON.stringify({ wide, laptop, small }));
    expect(laptop.priceHeight).toBeGreaterThanOrEqual(MIN_PRICE_CANVAS_PX);
    expect(small.chartsWidth).toBeGreaterThanOrEqual(MIN_CHARTS_COLUMN_PX);
  });
});
