import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Exception } from './security-gate';
import {
  checkOneWindowFactory,
  checkWindowPreferences,
  readSarif,
  unlistedFindings,
  windowConstructions,
} from './security-gate';
import { readdirSync } from 'node:fs';

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

describe('electronegativity findings', () => {
  const sarif = JSON.stringify({
    runs: [
      {
        results: [
          {
            ruleId: 'CSP_GLOBAL_CHECK',
            message: { text: 'One or more CSP directives detected seems to be vulnerable' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'renderer/index.html' },
                  region: { startLine: 5 },
                },
              },
            ],
          },
          {
            ruleId: 'OPEN_EXTERNAL_JS_CHECK',
            message: { text: 'Review the use of openExternal' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'main/index.js' },
                  region: { startLine: 40 },
                },
              },
            ],
          },
        ],
      },
    ],
  });
  const exceptions: Exception[] = JSON.parse(
    readFileSync(join(ROOT, 'security/electronegativity-exceptions.json'), 'utf8'),
  ).exceptions;

  it('reads the SARIF report electronegativity writes', () => {
    expect(readSarif(sarif)[1]).toEqual({
      check: 'OPEN_EXTERNAL_JS_CHECK',
      file: 'main/index.js',
      line: 40,
      message: 'Review the use of openExternal',
    });
  });

  it('fails on findings the reviewed exceptions do not list', () => {
    expect(unlistedFindings(readSarif(sarif), exceptions).map((f) => f.check)).toEqual([
      'OPEN_EXTERNAL_JS_CHECK',
    ]);
  });

  it('does not let an exception without a reason cover anything', () => {
    const unreasoned = exceptions.map((e) => ({ ...e, reason: ' ' }));
    expect(unlistedFindings(readSarif(sarif), unreasoned)).toHaveLength(2);
  });

  it('keeps every reviewed exception specific and explained', () => {
    for (const e of exceptions) {
      expect(e.check).toMatch(/^[A-Z_]+_CHECK$/);
      expect(e.file).toMatch(/^(main|preload|renderer)\//);
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.reason.length).toBeGreaterThan(60);
    }
  });
});
