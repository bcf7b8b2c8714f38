/**
 * The real desktop app, driven by Playwright's `_electron` (`npm run test:electron`; on Linux CI
 * under Xvfb). NEEDS THE REAL ELECTRON BINARY: where node_modules/electron has none (offline
 * installs, this repository's dev sandbox), the suite is skipped with the reason. The browser
 * mode's end-to-end tests cover the dashboard itself; this covers what only Electron has: the
 * preload API, batches over the MessagePort, and the window's security settings at run time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../scripts/electron-binary.js';

const ROOT = join(import.meta.dirname, '..');
const binary = findElectronBinary(join(ROOT, 'node_modules', 'electron'));
const built = existsSync(join(ROOT, 'out/main/index.js'));
// Linux needs a display server; CI provides one with `xvfb-run npm run test:electron`.
const headless =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const reason = !binary.ok
  ? binary.reason
  : !built
    ? 'out/ is missing (npm run build)'
    : headless
      ? 'no display (run under xvfb-run)'
      : null;

describe.skipIf(reason !== null)(
  `desktop app (Electron)${reason ? ` — skipped: ${reason}` : ''}`,
  () => {
    let app: ElectronApplication;
    let page: Page;

    beforeAll(async () => {
      app = await electron.launch({
        executablePath: binary.ok ? binary.path : '',
        args: [ROOT],
        timeout: 60_000,
      });
      page = await app.firstWindow();
    });
    afterAll(async () => {
      await app?.close();
    });

    it('loads the dashboard from app:// with the typed API and no Node in the page', async () => {
      expect(page.url()).toBe('app://tickdeck/index.html');
      expect(await page.title()).toBe('Tickdeck');
      const shape = await page.evaluate(() => ({
        api: Object.keys((window as unknown as { tickdeck: object }).tickdeck).sort(),
        frozen: Object.isFrozen((window as unknown as { tickdeck: object }).tickdeck),
        node: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
      }));
      expect(shape).toEqual({
        api: ['ack', 'host', 'invoke', 'on', 'onBatch', 'pathForFile'],
        frozen: true,
        node: 'undefined',
        process: 'undefined',
      });
    });

    it('streams batches over the MessagePort: the embedded feed goes live', async () => {
      await page.getByTestId('connection-status').and(page.locator('[data-state="live"]')).waitFor({
        timeout: 30_000,
      });
      await page.locator('[data-testid^="watchlist-row-"]').first().waitFor({ timeout: 30_000 });
    });

    it('answers commands through the bridge', async () => {
      const settings = await page.evaluate(() =>
        (
          window as unknown as { tickdeck: { invoke(c: string): Promise<unknown> } }
        ).tickdeck.invoke('settings:get'),
      );
      expect(settings).toMatchObject({ theme: expect.stringMatching(/dark|light/) });
    });

    it('denies window.open and navigation away from the app', async () => {
      expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toBe('app://tickdeck/index.html');
      expect(app.windows()).toHaveLength(1);
    });

    it('denies permission requests and checks', async () => {
      const states = await page.evaluate(async () => ({
        notifications: await Notification.requestPermission(),
        geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      }));
      expect(states).toEqual({ notifications: 'denied', geolocation: 'denied' });
    });
  },
);
