import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findElectronBinary } from './electron-binary.js';
import { browserOpener, openBrowser } from './open-browser.js';
import { startWithoutElectron } from '../e2e/support/npm-start-process';

/** `npm start` builds first: 10–60 s on a busy machine. */
const START_TIMEOUT_MS = 150_000;

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An installed-looking electron package folder. */
function electronPackage(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-electron-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"electron"}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('findElectronBinary', () => {
  it('finds the executable that path.txt names under dist/', () => {
    const pkg = electronPackage({ 'path.txt': 'electron', 'dist/electron': '' });
    expect(findElectronBinary(pkg, {})).toEqual({ ok: true, path: join(pkg, 'dist/electron') });
  });

  it('reports a never-downloaded binary instead of downloading it', () => {
    const result = findElectronBinary(electronPackage({}), {});
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/never downloaded/) });
  });

  it('reports a binary that path.txt names but that is gone', () => {
    const result = findElectronBinary(electronPackage({ 'path.txt': 'electron' }), {});
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/missing/) });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron itself does', () => {
    const pkg = electronPackage({ 'custom/electron': '' });
    const env = { ELECTRON_OVERRIDE_DIST_PATH: join(pkg, 'custom') };
    expect(findElectronBinary(pkg, env)).toEqual({ ok: true, path: join(pkg, 'custom/electron') });
    expect(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' })).toMatchObject({
      ok: false,
    });
  });
});

describe('browserOpener', () => {
  const url = 'http://127.0.0.1:5180/?token=ab12';

  it("uses each OS's own way to open the default browser", () => {
    expect(browserOpener(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(browserOpener(url, 'win32', {})).toEqual({
      command: 'rundll32',
      args: ['url.dll,FileProtocolHandler', url],
    });
    expect(browserOpener(url, 'linux', { DISPLAY: ':0' })).toEqual({
      command: 'xdg-open',
      args: [url],
    });
    expect(browserOpener(url, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toMatchObject({
      command: 'xdg-open',
    });
  });

  it('opens nothing without a display, under CI, or when told not to', () => {
    expect(browserOpener(url, 'linux', {})).toEqual({ skip: 'no display' });
    expect(browserOpener(url, 'darwin', { CI: 'true' })).toEqual({ skip: 'running under CI' });
    expect(browserOpener(url, 'win32', { TICKDECK_NO_BROWSER: '1' })).toEqual({
      skip: 'TICKDECK_NO_BROWSER is set',
    });
  });
});

describe('openBrowser', () => {
  it('starts the opener with the URL and returns without waiting for it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickdeck-opener-'));
    const seen = join(dir, 'seen.txt');
    const opener = join(dir, 'xdg-open');
    writeFileSync(opener, `#!/bin/sh\necho "$1" > "${seen}"\n`);
    chmodSync(opener, 0o755);
    const report = vi.fn();
    const env = { DISPLAY: ':0', PATH: dir };
    expect(openBrowser('http://127.0.0.1:1/?token=x', { platform: 'linux', env, report })).toBe(
      true,
    );
    expect(report).toHaveBeenCalledWith('Opening it in your default browser…');
    await vi.waitFor(() =>
      expect(readFileSync(seen, 'utf8')).toBe('http://127.0.0.1:1/?token=x\n'),
    );
  });

  it('reports a missing opener instead of crashing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickdeck-no-opener-'));
    const report = vi.fn();
    const env = { DISPLAY: ':0', PATH: dir };
    expect(openBrowser('http://127.0.0.1:1/', { platform: 'linux', env, report })).toBe(true);
    await vi.waitFor(() =>
      expect(report).toHaveBeenCalledWith(
        expect.stringMatching(/^Could not open a browser \(xdg-open: .*ENOENT/),
      ),
    );
  });

  it('starts nothing when there is no display', () => {
    const report = vi.fn();
    expect(openBrowser('http://127.0.0.1:1/', { platform: 'linux', env: {}, report })).toBe(false);
    expect(report).not.toHaveBeenCalled();
  });
});

describe('npm start without Electron', () => {
  it(
    'says so in one line, then builds and serves the dashboard in browser mode, from any folder',
    async () => {
      // Started from outside the repository: the build must not depend on the folder it runs
      // in (electron-vite reads package.json's "type" from it), while a relative --settings
      // stays the user's, relative to where they ran it.
      const run = await startWithoutElectron('elsewhere');
      try {
        expect(run.stderr().split('\n')[0]).toMatch(
          /^No desktop app here: .+\. Starting the browser mode instead\.$/,
        );
        expect(run.stdout()).toContain(`Settings: ${run.settings}\n`);
        const page = await fetch(run.url);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<title>Tickdeck<\/title>/);
      } finally {
        expect(await run.stop()).toBe(0);
      }
    },
    START_TIMEOUT_MS,
  );
});
