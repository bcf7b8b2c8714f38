/**
 * A replay beside the live feed, in browser mode: the embedded simulator runs live, a recording
 * made here is opened from the page (Open recording…), and the live charts must keep their
 * history and keep ticking while it plays, and be just as they were once it is closed. (Closing
 * a replay used to reconnect the live feed with empty history: every chart started over.)
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../feed-simulator';
import { recordFeed } from '../recording';
import { collectPageProblems, launchChromium } from './support/chromium';
import { scrollWatchlistTo } from './support/watchlist';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** Recorded time, ms: long enough to still be playing while the page is checked. */
const RECORD_MS = 4_000;

let dir = '';
let web: WebHostProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageProblems: readonly string[] = [];

const chart = () => page.locator('[data-testid="price-chart"] canvas').first();
const firstT = async () => Number(await chart().getAttribute('data-first-t'));
const lastT = async () => Number(await chart().getAttribute('data-last-t'));
const badge = () => page.getByTestId('connection-status').getAttribute('data-badge');
const replayRows = () => page.locator('[data-testid^="watchlist-row-replay:"]');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-replay-beside-'));
  const sim = await startSimulator({ seed: 9, rate: 300, instruments: 4, matches: 1, port: 0 });
  try {
    const recording = await recordFeed({ url: sim.url, dir: join(dir, 'session') });
    await new Promise((resolve) => setTimeout(resolve, RECORD_MS));
    await recording.stop();
  } finally {
    await sim.close();
  }
  web = await startWebHostProcess(['--settings', join(dir, 'settings.json')]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  pageProblems = collectPageProblems(page);
  await page.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a replay beside the live feed', () => {
  it('keeps the live chart, its history and its ticks while open, and as they were once closed', async () => {
    await expect.poll(badge, { timeout: 30_000 }).toBe('live');
    await expect.poll(lastT, { timeout: 20_000 }).toBeGreaterThan(0);
    // Some live history before the replay opens.
    await page.waitForTimeout(3_000);
    const historyStart = await firstT();
    const openedAt = Date.now();

    await page.getByRole('button', { name: /Open recording/ }).click();
    await page.locator('#recording-path').fill(join(dir, 'session'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('replay-bar').waitFor({ timeout: 20_000 });
    // The replay group comes after the 20 live rows, below the view: scrolled to.
    await scrollWatchlistTo(page, replayRows());
    // The live feed stays live and says so; the replay has its own chip.
    expect(await badge()).toBe('live');
    expect(await page.getByTestId('health-source-replay').getAttribute('data-badge')).toBe(
      'replay',
    );
    // The live chart runs on with its history: new points, the same start.
    await expect.poll(lastT, { timeout: 10_000 }).toBeGreaterThan(openedAt + 500);
    expect(await firstT()).toBe(historyStart);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}replay-beside-live.png` });

    await page.getByRole('button', { name: 'Close replay' }).click();
    await expect.poll(() => page.getByTestId('replay-bar').count(), { timeout: 10_000 }).toBe(0);
    // Still scrolled to where the replay's rows were: they are gone, not out of view.
    await expect.poll(() => replayRows().count(), { timeout: 10_000 }).toBe(0);
    const closedAt = Date.now();
    await expect.poll(lastT, { timeout: 10_000 }).toBeGreaterThan(closedAt);
    expect(await firstT()).toBe(historyStart);
    expect(await badge()).toBe('live');
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
