/**
 * Bug 100, in browser mode: while the host is silent (its process stopped with SIGSTOP, so no
 * batch comes), the top bar's commands that need it are disabled, each saying why, instead of
 * offering a Reconnect that fails; once the process runs again (SIGCONT) and batches come back,
 * they are offered again on the same page. Screenshot in artifacts/host-silent-commands.png.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../feed-simulator';
import { HOST_SILENT_MS, HOST_SILENT_TITLE } from '../renderer/src/state/freshness';
import { HOST_CHECK_MS } from '../renderer/src/state/receive-batches';
import { collectPageProblems, launchChromium } from './support/chromium';
import { ARTIFACTS } from './support/dashboard-page';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

/** The page's bound, and a second for a loaded machine's timers. */
const SHOWN_WITHIN_MS = HOST_SILENT_MS + HOST_CHECK_MS + 1_000;

let sim: RunningSimulator | undefined;
let web: WebHostProcess | undefined;
let stopped = false;
let browser: Browser | undefined;
let dir = '';
let page: Page;
let problems: readonly string[] = [];

const badge = () => page.getByTestId('connection-status').getAttribute('data-badge');
const button = (name: string | RegExp) => page.getByRole('button', { name, exact: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-host-silent-'));
  sim = await startSimulator({ seed: 4, rate: 100, instruments: 3, matches: 0, port: 0 });
  web = await startWebHostProcess(['--settings', join(dir, 'settings.json'), '--feed', sim.url]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  problems = collectPageProblems(page);
  await page.goto(web.url);
});

afterAll(async () => {
  if (stopped) process.kill(web!.pid!, 'SIGCONT');
  await browser?.close();
  await web?.stop();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('commands while the host is silent (browser mode)', () => {
  it('offers Disconnect while live', async () => {
    await expect.poll(badge, { timeout: 20_000 }).toBe('live');
    expect(await button('Disconnect').isEnabled()).toBe(true);
  });

  it('disables Reconnect, Record, Open recording and the batch rate, saying why', async () => {
    process.kill(web!.pid!, 'SIGSTOP');
    stopped = true;
    await expect.poll(badge, { timeout: SHOWN_WITHIN_MS }).toBe('down');
    for (const control of [
      button('Reconnect'),
      button('● Record'),
      button('⏏ Open recording…'),
      page.getByRole('combobox', { name: 'Batch rate' }),
    ]) {
      expect(await control.isDisabled()).toBe(true);
      expect(await control.getAttribute('title')).toBe(HOST_SILENT_TITLE);
    }
    // The page's own controls stay.
    expect(await button('❚❚ Pause charts').isEnabled()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'host-silent-commands.png') });
  });

  it('offers them again once batches come back', async () => {
    process.kill(web!.pid!, 'SIGCONT');
    stopped = false;
    await expect.poll(badge, { timeout: 15_000 }).toBe('live');
    expect(await button('Disconnect').isEnabled()).toBe(true);
    expect(await button('⏏ Open recording…').isEnabled()).toBe(true);
    expect(await button('⏏ Open recording…').getAttribute('title')).toBeNull();
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(problems).toEqual([]);
  });
});
