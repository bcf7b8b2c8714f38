/**
 * The browser mode's host killed under its pages: the main page and a popped-out chart tab,
 * on a seeded simulator, and then `kill -9` of the web host. No batch comes any more, and the
 * last one said live; within the page's bound (`HOST_SILENT_MS`, plus its check's second) every
 * page must say its data is old: the badge down, the banner naming the host, every row and
 * chart greyed, the match cards suspended. Screenshots in artifacts/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../feed-simulator';
import { HOST_SILENT_MS } from '../renderer/src/state/freshness';
import { HOST_CHECK_MS } from '../renderer/src/state/receive-batches';
import { collectPageProblems, launchChromium } from './support/chromium';
import { ARTIFACTS } from './support/dashboard-page';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

const SIM = { seed: 9, rate: 200, instruments: 4, matches: 2, matchDurationMs: 240_000 };
/** The page's bound, and a second for a loaded machine's timers. */
const SHOWN_WITHIN_MS = HOST_SILENT_MS + HOST_CHECK_MS + 1_000;

let sim: RunningSimulator | undefined;
let web: WebHostProcess | undefined;
let browser: Browser | undefined;
let dir = '';
let page: Page;
let tab: Page;
let problems: readonly string[] = [];

const badge = () => page.getByTestId('connection-status').getAttribute('data-badge');
/** The popped-out chart's staleness (a tab has no health bar: its chart and banner say it). */
const tabChartStale = () =>
  tab.getByRole('article', { name: 'ACME charts' }).getAttribute('data-stale');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-host-lost-'));
  sim = await startSimulator({ ...SIM, port: 0 });
  web = await startWebHostProcess(['--settings', join(dir, 'settings.json'), '--feed', sim.url]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  problems = collectPageProblems(page);
  await page.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the web host killed under its pages', () => {
  it('starts live, with a chart popped out into a tab', async () => {
    await expect.poll(badge, { timeout: 20_000 }).toBe('live');
    await expect
      .poll(() => page.locator('[data-testid^="watchlist-row-"]').count(), { timeout: 10_000 })
      .toBe(SIM.instruments);
    [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('popout-chart-ACME').click(),
    ]);
    await expect.poll(tabChartStale, { timeout: 20_000 }).toBe('false');
    expect(await page.locator('[data-stale="true"]').count()).toBe(0);
  });

  it('says on every page that its data is old within the bound', async () => {
    const killedAt = Date.now();
    process.kill(web!.pid!, 'SIGKILL');
    await expect.poll(badge, { timeout: SHOWN_WITHIN_MS }).toBe('down');
    await expect.poll(tabChartStale, { timeout: SHOWN_WITHIN_MS }).toBe('true');
    for (const p of [page, tab]) {
      expect(await p.getByTestId('stale-banner').innerText()).toMatch(
        /FAILED\s+since \d\d:\d\d:\d\d \(data \d+ s old\) · nothing from the Tickdeck host for 5 s/,
      );
    }
    console.log(`pages marked stale ${Date.now() - killedAt} ms after the host was killed`);
    await expect
      .poll(() => page.locator('[data-testid^="watchlist-row-"][data-stale="true"]').count())
      .toBe(SIM.instruments);
    await expect
      .poll(() => page.locator('[data-testid^="match-"][data-stale="true"]').count())
      .toBe(SIM.matches);
    expect(await page.locator('[data-testid^="watchlist-row-"][data-halted="true"]').count()).toBe(
      0,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'host-lost.png') });
    await tab.screenshot({ path: join(ARTIFACTS, 'host-lost-tab.png') });
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(problems).toEqual([]);
  });
});
