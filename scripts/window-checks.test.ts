import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkOneWindowFactory,
  checkWindowPreferences,
  windowConstructions,
} from './window-checks';

const ROOT = join(import.meta.dirname, '..');
const SECURE = `contextIsolation: true, sandbox: true, nodeIntegration: false,
  nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true,
  allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false`;

describe('checkWindowPreferences', () => {
  it('passes the real main window', () => {
    const source = readFileSync(join(ROOT, 'main/electron/window.ts'), 'utf8');
    expect(checkWindowPreferences(source, 'main/electron/window.ts')).toEqual([]);
  });

  it('passes a fully hardened window in built code', () => {
    const code = `const w = new electron.BrowserWindow({ show: false, webPreferences: { preload: p, ${SECURE} } });`;
    expect(checkWindowPreferences(code, 'out/main/index.js')).toEqual([]);
  });

  it('names each flag that is missing or weakened', () => {
    const weak = SECURE.replace('sandbox: true', 'sandbox: false').replace(
      ', webviewTag: false',
      '',
    );
    const code = `\n\nnew BrowserWindow({ webPreferences: { ${weak} } });`;
    expect(checkWindowPreferences(code, 'x.js')).toEqual([
      'x.js:3: webPreferences.sandbox must be true',
      'x.js:3: webPreferences.webviewTag must be false',
    ]);
  });

  it('refuses options it cannot verify: computed, spread or absent webPreferences', () => {
    expect(checkWindowPreferences('new BrowserWindow(makeOptions());', 'a.js')).toEqual([
      'a.js:1: BrowserWindow options must contain a literal webPreferences object',
    ]);
    const spread = `new BrowserWindow({ webPreferences: { ${SECURE}, ...extra } });`;
    expect(checkWindowPreferences(spread, 'b.js')).toEqual([
      'b.js:1: no spreads in webPreferences',
    ]);
    const computed = `new BrowserWindow({ webPreferences: { ${SECURE.replace('sandbox: true', 'sandbox: isDev')} } });`;
    expect(checkWindowPreferences(computed, 'c.js')).toEqual([
      'c.js:1: webPreferences.sandbox must be true',
    ]);
  });
});

describe('one window factory', () => {
  it('passes the real sources: every window, main and pop-out, comes from createAppWindow', () => {
    const dir = join(ROOT, 'main/electron');
    const sites = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        windowConstructions(readFileSync(join(dir, f), 'utf8'), `main/electron/${f}`),
      );
    expect(sites).toEqual([
      { at: expect.stringMatching(/^main\/electron\/window\.ts:/), guarded: true },
    ]);
    expect(checkOneWindowFactory(sites)).toEqual([]);
  });

  it('fails a second construction, and one whose function installs no guards', () => {
    const code = `function a() { const w = new BrowserWindow({}); hardenContents(w.webContents); }
function popout() { return new electron.BrowserWindow({}); }`;
    const sites = windowConstructions(code, 'out/main/index.js');
    expect(sites).toEqual([
      { at: 'out/main/index.js:1', guarded: true },
      { at: 'out/main/index.js:2', guarded: false },
    ]);
    expect(checkOneWindowFactory(sites)).toEqual([
      'out/main/index.js:2: a window whose function does not call hardenContents',
      '2 places construct a BrowserWindow (out/main/index.js:1, out/main/index.js:2); every window must come from createAppWindow',
    ]);
  });
});
