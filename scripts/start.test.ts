import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.js';

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

describe('npm start without Electron', () => {
  it('exits 1 at once with one message pointing to npm run web', () => {
    dir = mkdtempSync(join(tmpdir(), 'tickdeck-no-electron-'));
    const run = spawnSync(process.execPath, ['scripts/start.js', '--feed', 'ws://127.0.0.1:1'], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Cannot start the desktop app: .*\n.*npm run web/);
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
  });
});
