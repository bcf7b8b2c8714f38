/**
 * The real desktop app, driven by Playwright's `_electron` (`npm run test:electron`; on Linux CI
 * under Xvfb). NEEDS THE REAL ELECTRON BINARY: where node_modules/electron has none (offline
 * installs, this repository's dev sandbox), the suite is skipped with the reason. The browser
 * mode's end-to-end tests cover the dashboard itself; this covers what only Electron has: the
 * preload API, batches over the MessagePort, the window's security settings at run time, the
 * Edit menu's copy and paste, and how long a launch takes to show the first data.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Generous: a cold launch on a loaded CI runner; the figure itself is printed. */
const FIRST_FRAME_BOUND_MS = 30_000;

/**
 * Launches the app on a user-data folder of the test's own and times it from launch to the first
 * watchlist row drawn from a batch: what a user waits for.
 */
async function launchTimed(userData: string) {
  const started = performance.now();
  const app = await electron.launch({
    executablePath: binary.ok ? binary.path : '',
    args: [ROOT, `--user-data-dir=${userData}`],
    timeout: 60_000,
  });
  const page = await app.firstWindow();
  await page.locator('[data-testid^="watchlist-row-"]').first().waitFor({ timeout: 60_000 });
  return { app, page, firstFrameMs: performance.now() - started };
}

/** Runs an Edit-menu role as the menu does: the item must exist in the application menu. */
function runEditRole(app: ElectronApplication, role: 'copy' | 'paste' | 'selectall') {
  return app.evaluate(({ BrowserWindow, Menu }, wanted) => {
    const find = (items: Electron.MenuItem[]): Electron.MenuItem | undefined => {
      for (const item of items) {
        if (item.role?.toLowerCase() === wanted) return item;
        const inner = item.submenu && find(item.submenu.items);
        if (inner) return inner;
      }
      return undefined;
    };
    const item = find(Menu.getApplicationMenu()?.items ?? []);
    if (!item) return false;
    const win = BrowserWindow.getAllWindows()[0]!;
    // macOS runs edit roles natively, through the first responder, as its Edit menu does.
    if (process.platform === 'darwin') Menu.sendActionToFirstResponder(`${item.role}:`);
    else item.click(undefined, win, win.webContents);
    return true;
  }, role);
}

describe.skipIf(reason !== null)(
  `desktop app (Electron)${reason ? ` — skipped: ${reason}` : ''}`,
  () => {
    let app: ElectronApplication;
    let page: Page;
    let userData = '';

    beforeAll(async () => {
      userData = mkdtempSync(join(tmpdir(), 'tickdeck-electron-'));
      // The first launch compiles the bundle; the second finds V8's code cache for app://.
      const cold = await launchTimed(userData);
      await cold.app.close();
      const warm = await launchTimed(userData);
      ({ app, page } = warm);
      console.log(
        `start-to-first-frame: cold ${Math.round(cold.firstFrameMs)} ms, ` +
          `warm (code cache) ${Math.round(warm.firstFrameMs)} ms`,
      );
      expect(cold.firstFrameMs).toBeLessThan(FIRST_FRAME_BOUND_MS);
      expect(warm.firstFrameMs).toBeLessThan(FIRST_FRAME_BOUND_MS);
    }, 150_000);
    afterAll(async () => {
      await app?.close();
      rmSync(userData, { recursive: true, force: true });
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

    it('copies and pastes in a text field through the Edit menu', async () => {
      await page.evaluate(() => {
        const input = document.createElement('input');
        input.id = 'clipboard-check';
        input.value = 'ws://127.0.0.1:8787';
        document.body.append(input);
        input.focus();
      });
      expect(await runEditRole(app, 'selectall')).toBe(true);
      expect(await runEditRole(app, 'copy')).toBe(true);
      await expect
        .poll(() => app.evaluate(({ clipboard }) => clipboard.readText()), { timeout: 5_000 })
        .toBe('ws://127.0.0.1:8787');

      await app.evaluate(({ clipboard }) => clipboard.writeText('wss://feed.example/v1'));
      await page.evaluate(() => {
        const input = document.getElementById('clipboard-check') as HTMLInputElement;
        input.value = '';
        input.focus();
      });
      expect(await runEditRole(app, 'paste')).toBe(true);
      await expect
        .poll(() => page.inputValue('#clipboard-check'), { timeout: 5_000 })
        .toBe('wss://feed.example/v1');
      await page.evaluate(() => document.getElementById('clipboard-check')?.remove());
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
