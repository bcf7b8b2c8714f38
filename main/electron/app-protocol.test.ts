import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isAppUrl, serveAppFile } from './app-protocol';

describe('contentSecurityPolicy', () => {
  it('allows scripts only from the app and no network in a built app', () => {
    const csp = contentSecurityPolicy();
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(csp).not.toContain('unsafe');
  });

  it('admits the dev server and its hot-reload socket in development only', () => {
    const csp = contentSecurityPolicy('http://localhost:5173/');
    expect(csp).toContain("script-src 'self' http://localhost:5173;");
    expect(csp).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173;");
    expect(csp).toContain("style-src 'self' http://localhost:5173 'unsafe-inline';");
  });
});

describe('isAppUrl', () => {
  it('accepts only the app origin, and the dev server when one is given', () => {
    expect(isAppUrl('app://tickdeck/index.html', null)).toBe(true);
    expect(isAppUrl('app://evil/index.html', null)).toBe(false);
    expect(isAppUrl('https://example.com/', null)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('not a url', null)).toBe(false);
  });
});

describe('serveAppFile', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tickdeck-app-'));
    await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'not for the page');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('serves the built renderer with its type and the CSP header', async () => {
    const res = await serveAppFile(join(root, 'renderer'), 'app://tickdeck/assets/app.js', 'CSP');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe('CSP');
    expect(await res.text()).toBe('console.log(1)');
    const index = await serveAppFile(join(root, 'renderer'), 'app://tickdeck/', 'CSP');
    expect(await index.text()).toContain('<title>t</title>');
  });

  it('refuses paths that escape the renderer folder, other hosts and missing files', async () => {
    const dir = join(root, 'renderer');
    for (const url of [
      'app://tickdeck/../secret.txt',
      'app://tickdeck/%2e%2e/secret.txt',
      'app://tickdeck/assets/..%2f..%2fsecret.txt',
      'app://other/index.html',
      'app://tickdeck/missing.js',
    ]) {
      expect((await serveAppFile(dir, url, 'CSP')).status, url).toBe(404);
    }
  });
});
