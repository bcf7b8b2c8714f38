/**
 * Browser mode against an attacker: a real page from another origin (headless Chromium) that
 * knows the token and still cannot connect; forged Origin, Host and token variants; what the
 * server binds; and random paths that try to read files outside the renderer folder.
 * web-host.test.ts covers the basics (401 without token, 403 for a foreign Origin, one
 * traversal); this file covers what an attacker would try next.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import { startWebHost, type WebHost, type WebHostBackend } from './web-host';

const CHROMIUM = '/usr/bin/chromium';
const SECRET = 'TOP-SECRET-OUTSIDE-THE-RENDERER';

/** An app core that counts who got in. */
function backend() {
  const seen = { attached: 0, invoked: 0 };
  const b: WebHostBackend = {
    async invoke() {
      seen.invoked++;
      return { ok: true, value: null };
    },
    attach(send) {
      seen.attached++;
      setTimeout(() => send({ seq: 1, reset: true } as unknown as Batch), 5);
      return { ack() {}, declareInterest() {}, detach() {} };
    },
    onEvent: () => () => {},
  };
  return { backend: b, seen };
}

let root: string;
let rendererDir: string;
let web: WebHost | undefined;
beforeAll(async () => {
  // The renderer folder, a secret beside it, and a sibling whose name starts the same.
  root = await mkdtemp(join(tmpdir(), 'tickdeck-websec-'));
  rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Tickdeck</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(join(root, 'secret.txt'), SECRET);
  await mkdir(join(root, 'renderer-private'));
  await writeFile(join(root, 'renderer-private', 'secret.txt'), SECRET);
});
afterEach(async () => {
  await web?.close();
  web = undefined;
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Upgrade with exactly these headers; resolves with the HTTP status (101 = let in). */
function upgrade(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET with a raw, unnormalised path; resolves with status and body. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}` } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('browser mode under attack', () => {
  it('a page from another origin cannot open the socket even with the token', async () => {
    const fake = backend();
    web = await startWebHost({ port: 0, rendererDir, appHost: fake.backend });
    // The attacker's page, served from another loopback origin.
    const evil: Server = createServer((_req, res) => res.end('<!doctype html><title>evil</title>'));
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
      const page = await browser.newPage();
      await page.goto(evilUrl);
      // Page code as text: the test file's own imports (ws's WebSocket) must not leak into it.
      const attempt = (url: string) =>
        page.evaluate(`new Promise((resolve) => {
          const ws = new WebSocket(${JSON.stringify(url)});
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
          setTimeout(() => resolve('timeout'), 5000);
        })`);
      const api = `ws://127.0.0.1:${web.port}/api`;
      expect(await attempt(`${api}?token=${web.token}`)).toBe('refused');
      expect(await attempt(`ws://localhost:${web.port}/api?token=${web.token}`)).toBe('refused');
      expect(await attempt(api)).toBe('refused');
      // Nor can it read the dashboard's responses (no CORS grant).
      const read = await page.evaluate(
        `fetch(${JSON.stringify(`http://127.0.0.1:${web.port}/index.html`)}).then(
          (r) => r.text().then(() => 'read'),
          () => 'blocked',
        )`,
      );
      expect(read).toBe('blocked');
      // The page's own origin gets in: the refusals above are about origin, not a broken host.
      await page.goto(web.url);
      expect(await attempt(`${api}?token=${web.token}`)).toBe('open');
      expect(fake.seen.attached).toBe(1);
    } finally {
      await browser?.close();
      await new Promise((r) => evil.close(r));
    }
  }, 30_000);

  it('refuses forged origins, DNS rebinding and near-miss tokens', async () => {
    const fake = backend();
    web = await startWebHost({ port: 0, rendererDir, appHost: fake.backend });
    const port = web.port;
    const own = `127.0.0.1:${port}`;
    const path = (token: string) => `/api?token=${token}`;
    const ok = path(web.token);
    // Sandboxed iframes and file:// pages send Origin "null"; other schemes and ports differ.
    expect(await upgrade(port, ok, { Host: own, Origin: 'null' })).toBe(403);
    expect(await upgrade(port, ok, { Host: own, Origin: `https://${own}` })).toBe(403);
    expect(await upgrade(port, ok, { Host: own, Origin: `http://${own}.evil.example` })).toBe(403);
    expect(await upgrade(port, ok, { Host: own, Origin: `http://127.0.0.1:${port + 1}` })).toBe(
      403,
    );
    // DNS rebinding: the attacker's name resolves to 127.0.0.1, Origin and Host agree.
    const evil = `evil.example:${port}`;
    expect(await upgrade(port, ok, { Host: evil, Origin: `http://${evil}` })).toBe(403);
    // Near misses of the token.
    const t = web.token;
    for (const token of [t.toUpperCase(), t.slice(1), `${t}0`, `${t.slice(0, -1)}x`, ` ${t}`])
      expect(await upgrade(port, path(encodeURIComponent(token)), { Host: own }), token).toBe(401);
    expect(await upgrade(port, `/api?token=x&token=${t}`, { Host: own })).toBe(401);
    expect(await upgrade(port, `/api/${t}`, { Host: own })).toBe(404);
    expect(fake.seen.attached).toBe(0);
    // The same page under its loopback name is let in (the checks are exact, not blanket).
    const named = `localhost:${port}`;
    expect(await upgrade(port, ok, { Host: named, Origin: `http://${named}` })).toBe(101);
  });

  it('binds loopback only unless told otherwise', async () => {
    web = await startWebHost({ port: 0, rendererDir, appHost: backend().backend });
    expect(await canConnect('127.0.0.1', web.port)).toBe(true);
    // 127.0.0.2 is loopback too, but not the address bound: a wildcard bind would accept it.
    expect(await canConnect('127.0.0.2', web.port)).toBe(false);
    await web.close();
    web = await startWebHost({
      host: '0.0.0.0',
      port: 0,
      rendererDir,
      appHost: backend().backend,
    });
    expect(await canConnect('127.0.0.2', web.port)).toBe(true);
  });

  it('never serves a file outside the renderer folder, whatever the path', async () => {
    web = await startWebHost({ port: 0, rendererDir, appHost: backend().backend });
    const port = web.port;
    const piece = fc.constantFrom(
      '..',
      '%2e%2e',
      '%2E%2E',
      '.%2e',
      '%252e%252e',
      '/',
      '%2f',
      '%2F',
      '\\',
      '%5c',
      '//',
      'secret.txt',
      'renderer',
      'renderer-private',
      'assets',
      'index.html',
      '%00',
      '.',
      '?',
      '#',
      ';',
      '%',
      'é',
    );
    const path = fc.array(piece, { minLength: 1, maxLength: 10 }).map((p) => `/${p.join('')}`);
    await fc.assert(
      fc.asyncProperty(path, async (p) => {
        let res: { status: number; body: string };
        try {
          res = await get(port, p);
        } catch {
          return; // the client refused to send it; nothing reached the server
        }
        expect(res.body).not.toContain(SECRET);
        if (res.status === 200)
          expect(['<!doctype html><title>Tickdeck</title>', 'console.log("app")']).toContain(
            res.body,
          );
        else expect([400, 404]).toContain(res.status);
      }),
      { numRuns: 400 },
    );
    expect(existsSync(join(root, 'secret.txt'))).toBe(true);
  });

  it('sends the security headers on every response, errors included, and accepts only GET/HEAD', async () => {
    web = await startWebHost({ port: 0, rendererDir, appHost: backend().backend });
    for (const path of ['/', '/nope', '/%zz', '/..%2fsecret.txt']) {
      const res = await fetch(`http://127.0.0.1:${web.port}${path}`);
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      // The page URL carries the token: it must never leak in a Referer.
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const post = await fetch(`http://127.0.0.1:${web.port}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });
});
