/**
 * The dashboard end to end: a seeded simulator started here, `node out/main/web.js` (the
 * browser mode, built by `npm run test:e2e`) connected to it, and headless Debian Chromium on
 * the printed URL. The simulator is stopped and restarted on the same port to watch the health
 * bar walk through reconnecting back to live.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../feed-simulator';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB_ENTRY = fileURLToPath(new URL('../out/main/web.js', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A settings file of this run's own: the web host never touches the user's. */
const SETTINGS = join(tmpdir(), `tickdeck-e2e-dashboard-${process.pid}.json`);
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** A light, seeded feed: the machine running the tests is shared. */
const SIM: SimulatorOptions = { seed: 42, rate: 400, instruments: 10, matches: 3 };
const STARTUP_TIMEOUT_MS = 30_000;

let sim: RunningSimulator | undefined;
let web: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
/** Page errors and Content-Security-Policy violations seen during the run. */
const pageProblems: string[] = [];

/** Starts the web host and resolves with the URL it prints on its "Open <url>" line. */
function startWebHost(feed: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [WEB_ENTRY, '--settings', SETTINGS, '--port', '0', '--feed', feed],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  web = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web host printed no URL in time:\n${output}`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const connectionState = () =>
  page.getByTestId('connection-status').getAttribute('data-state', { timeout: 5_000 });

/** Pixels a canvas has painted (alpha > 0), read back from the page. */
function paintedPixels(testId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  }, testId);
}

beforeAll(async () => {
  sim = await startSimulator({ ...SIM, port: 0 });
  const url = await startWebHost(sim.url);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (err) => pageProblems.push(err.message));
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) pageProblems.push(msg.text());
  });
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
  await stopChild(web);
  await sim?.close();
  await rm(SETTINGS, { force: true });
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
    await expect.poll(() => paintedPixels('price-chart'), { timeout: 10_000 }).toBeGreaterThan(500);
    await expect
      .poll(() => paintedPixels('candle-chart'), { timeout: 10_000 })
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

  it('shows a scoreboard card per match', async () => {
    const cards = page.getByTestId('sports-panel').locator('[data-testid^="match-"]');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(SIM.matches);
  });

  it('walks through reconnecting back to live when the feed restarts', async () => {
    const port = sim!.port;
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
    await sim!.close();
    sim = undefined;
    await watch('reconnecting', 15_000);
    sim = await startSimulator({ ...SIM, port });
    await watch('live', 30_000);
    expect(seen.indexOf('reconnecting')).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)).toBe('live');
    // Data flows again after the reconnect.
    const rate = () => page.getByTestId('tick-rate').textContent();
    await expect.poll(async () => Number(await rate()), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('saves a screenshot artifact', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.waitForTimeout(1_000);
    const png = await page.screenshot({ path: `${ARTIFACTS}dashboard.png` });
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
