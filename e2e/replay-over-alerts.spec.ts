/**
 * A session recorded from two sources (the embedded simulator and a standalone one on a
 * `ws://` port) and opened again from Open recording's list, as a user does it in browser mode,
 * with rules on a live and a replayed instrument firing every second: the recording's row fits the opener
 * (bug 173), and the alert toasts leave the replay bar and the page's notices uncovered (bug 171),
 * their Close replay, Loop and Replay it within reach, at 1600 and at 800 px wide.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../feed-simulator';
import { openDashboard, type DashboardPage } from './support/dashboard-page';

let dir = '';
let sim: RunningSimulator | undefined;
let dashboard: DashboardPage | undefined;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-replay-alerts-'));
  sim = await startSimulator({ port: 0, seed: 5, rate: 200, instruments: 6, matches: 2 });
  dashboard = await openDashboard('replay-alerts', [
    '--recordings-dir',
    join(dir, 'recordings'),
    '--feed',
    'sim',
    '--feed',
    sim.url,
    '--alert',
    'sim:ACME above 0 every 1s',
    '--alert',
    'replay:sim:ACME above 0 every 1s',
  ]);
  page = dashboard.page;
});

afterAll(async () => {
  await dashboard?.close('replay-over-alerts.png');
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** How far below the toasts' top the bars above them reach, px: 0 or less when uncovered. */
const toastsOverBars = () =>
  page.evaluate(() => {
    const toasts = document.querySelector('.toasts')!.getBoundingClientRect().top;
    const bars = [...document.querySelectorAll('header.top, [data-testid="replay-bar"], .banner')];
    return Math.max(...bars.map((b) => b.getBoundingClientRect().bottom)) - toasts;
  });

describe('a replay with its alerts firing', () => {
  it('lists the recording whole, and keeps the toasts off the replay bar and the notices', async () => {
    await page.getByRole('button', { name: '● Record' }).click({ timeout: 30_000 });
    await page.getByRole('button', { name: '■ Stop recording' }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(4_000);
    await page.getByRole('button', { name: '■ Stop recording' }).click();
    await page.getByText(/^Recording saved to /).waitFor({ timeout: 10_000 });
    await page.getByTestId('alert-toast').first().waitFor({ timeout: 10_000 });
    // The toasts sat 8 px under the top bar, over the notice's Replay it (bug 171).
    expect(await toastsOverBars()).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: '⏏ Open recording…' }).click();
    const row = page.locator('ul.recent button').first();
    await row.waitFor({ timeout: 10_000 });
    // Its date and size were drawn past the opener's right edge, cut off (bug 173).
    const past = await row.evaluate((b) => {
      const right = b.getBoundingClientRect().right;
      return Math.max(...[...b.children].map((c) => c.getBoundingClientRect().right - right));
    });
    expect(past).toBeLessThanOrEqual(0);
    await row.click();

    await page.getByTestId('replay-bar').waitFor({ timeout: 15_000 });
    await page
      .getByText(/\(replay at /)
      .first()
      .waitFor({ timeout: 15_000 });
    // The toasts sat 8 px under the top bar, over the replay bar's Close replay (bug 171).
    expect(await toastsOverBars()).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 800, height: 900 });
    await page.waitForTimeout(300);
    expect(await toastsOverBars()).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1600, height: 900 });
  });
});
