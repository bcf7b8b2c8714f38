/**
 * First run without Electron: `npm start` on a machine with no Electron binary ends in a running
 * browser-mode dashboard, and the URL it prints serves it, live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectPageProblems, launchChromium } from './support/chromium';
import type { NpmStartProcess } from './support/npm-start-process';
import { startWithoutElectron } from './support/npm-start-process';

describe('npm start without the Electron binary', () => {
  let run: NpmStartProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    run = await startWithoutElectron();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  it('prints a URL that serves the live dashboard', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } });
    const problems = collectPageProblems(page);
    await page.goto(run!.url);
    await page.getByTestId('connection-status').and(page.locator('[data-state="live"]')).waitFor({
      timeout: 30_000,
    });
    await page.locator('[data-testid^="watchlist-row-"]').first().waitFor({ timeout: 30_000 });
    expect(problems).toEqual([]);
  });
});
