import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { Batch } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import { MAX_INTEREST_ROWS } from '../../protocol/limits';
import type { HostEventChannel, HostEvents } from '../../protocol/ipc';
import type { WebHostMessage } from '../../protocol/web';
import { watchProcessErrors } from '../../test-support/process-errors';
import {
  MAX_CLIENT_MESSAGE_BYTES,
  startWebHost,
  type WebHost,
  type WebHostBackend,
} from './web-host';

/** A fake app core: hands out numbered batches one at a time, like the engine's consumers. */
function fakeBackend() {
  const consumers: {
    sent: number[];
    acked: number[];
    interests: Interest[];
    detached: boolean;
  }[] = [];
  const eventListeners = new Set<(c: HostEventChannel, p: HostEvents[HostEventChannel]) => void>();
  const invoked: { channel: string; args: readonly unknown[] }[] = [];
  const backend: WebHostBackend = {
    async invoke(channel, args) {
      invoked.push({ channel, args });
      return channel === 'settings:get'
        ? { ok: true, value: { theme: 'dark' } }
        : { ok: false, error: `${channel}: unknown command` };
    },
    attach(send) {
      const c = {
        sent: [] as number[],
        acked: [] as number[],
        interests: [] as Interest[],
        detached: false,
      };
      consumers.push(c);
      const push = (seq: number) => {
        c.sent.push(seq);
        send({ seq, reset: seq === 1 } as unknown as Batch);
      };
      setTimeout(() => push(1), 5);
      return {
        ack(seq) {
          c.acked.push(seq);
          if (!c.detached) push(seq + 1);
        },
        declareInterest(interest) {
          c.interests.push(interest);
        },
        detach() {
          c.detached = true;
        },
      };
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };
  const emit = (c: HostEventChannel, p: HostEvents[HostEventChannel]) => {
    for (const l of eventListeners) l(c, p);
  };
  return { backend, consumers, invoked, emit, eventListeners };
}

/**
 * Messages each socket received and nobody has read yet. Listening starts when the socket is
 * created: a loaded machine can deliver the first frame in the same read as the upgrade
 * response, before a listener attached after 'open' exists.
 */
const inboxes = new WeakMap<
  WebSocket,
  { queued: WebHostMessage[]; waiting: ((m: WebHostMessage) => void)[] }
>();

/** Opens a socket; resolves with it when open, or with the refusal's HTTP status. */
function openSocket(url: string, origin?: string): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    const inbox = {
      queued: [] as WebHostMessage[],
      waiting: [] as ((m: WebHostMessage) => void)[],
    };
    inboxes.set(ws, inbox);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as WebHostMessage;
      const reader = inbox.waiting.shift();
      if (reader) reader(msg);
      else inbox.queued.push(msg);
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<WebHostMessage> {
  const inbox = inboxes.get(ws)!;
  const queued = inbox.queued.shift();
  if (queued) return Promise.resolve(queued);
  return new Promise((resolve) => inbox.waiting.push(resolve));
}

let dir: string;
let web: WebHost | undefined;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-web-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await web?.close();
  web = undefined;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function socketUrl(w: WebHost, token: string | null = w.token): string {
  return `ws://127.0.0.1:${w.port}/api${token === null ? '' : `?token=${token}`}`;
}
const ownOrigin = (w: WebHost) => `http://127.0.0.1:${w.port}`;

describe('web host', () => {
  it('binds loopback by default and prints a URL carrying a fresh random token', async () => {
    const fake = fakeBackend();
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fake.backend });
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`);
    expect(web.token).toMatch(/^[0-9a-f]{48}$/);
    const other = await startWebHost({ port: 0, rendererDir: dir, appHost: fake.backend });
    expect(other.token).not.toBe(web.token);
    await other.close();
  });

  it('serves the page with security headers and never caches index.html', async () => {
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fakeBackend().backend });
    const res = await fetch(`http://127.0.0.1:${web.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const js = await fetch(`http://127.0.0.1:${web.port}/assets/app-1234.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('refuses paths outside the renderer folder and foreign Host headers', async () => {
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fakeBackend().backend });
    const traversal = await fetch(`http://127.0.0.1:${web.port}/..%2f..%2fetc%2fpasswd`);
    expect(traversal.status).toBe(404);
    const rebinding = await new Promise<number>((resolve) => {
      void import('node:http').then(({ get }) =>
        get(
          { host: '127.0.0.1', port: web!.port, path: '/', headers: { host: 'evil.example:80' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        ),
      );
    });
    expect(rebinding).toBe(421);
  });

  it('refuses a socket without the token, or with a wrong one (401)', async () => {
    const fake = fakeBackend();
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fake.backend });
    expect(await openSocket(socketUrl(web, null), ownOrigin(web))).toBe(401);
    expect(await openSocket(socketUrl(web, 'f'.repeat(48)), ownOrigin(web))).toBe(401);
    expect(await openSocket(socketUrl(web, ''), ownOrigin(web))).toBe(401);
    expect(fake.consumers).toHaveLength(0);
  });

  it('refuses a socket from a foreign Origin even with the right token (403)', async () => {
    const fake = fakeBackend();
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fake.backend });
    expect(await openSocket(socketUrl(web), 'https://evil.example')).toBe(403);
    expect(await openSocket(socketUrl(web), `http://localhost:${web.port + 1}`)).toBe(403);
    expect(fake.consumers).toHaveLength(0);
  });

  it('gives each page its own consumer: batches flow one per ack, and close detaches', async () => {
    const fake = fakeBackend();
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fake.backend });
    const ws = (await openSocket(socketUrl(web), ownOrigin(web))) as WebSocket;
    sockets.push(ws);
    const first = await nextMessage(ws);
    expect(first).toMatchObject({ type: 'batch', batch: { seq: 1, reset: true } });
    ws.send(JSON.stringify({ type: 'ack', seq: 1 }));
    expect(await nextMessage(ws)).toMatchObject({ type: 'batch', batch: { seq: 2 } });
    expect(fake.consumers[0]!.acked).toEqual([1]);

    const second = (await openSocket(socketUrl(web), ownOrigin(web))) as WebSocket;
    sockets.push(second);
    await nextMessage(second);
    expect(fake.consumers).toHaveLength(2);

    ws.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.consumers[0]!.detached).toBe(true);
    expect(fake.consumers[1]!.detached).toBe(false);
  });

  it('answers invokes with the app host result and forwards host events', async () => {
    const fake = fakeBackend();
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fake.backend });
    const ws = (await openSocket(socketUrl(web), ownOrigin(web))) as WebSocket;
    sockets.push(ws);
    await nextMessage(ws); // first batch
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'settings:get', args: [] }));
    expect(await nextMessage(ws)).toEqual({
      type: 'result',
      id: 7,
      ok: true,
      value: { theme: 'dark' },
    });
    ws.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'nope:nope', args: [] }));
    expect(await nextMessage(ws)).toEqual({
      type: 'result',
      id: 8,
      ok: false,
      error: 'nope:nope: unknown command',
    });
    fake.emit('app:notice', { level: 'info', message: 'hello' });
    expect(await nextMessage(ws)).toEqual({
      type: 'event',
      channel: 'app:notice',
      payload: { level: 'info', message: 'hello' },
    });
  });

  it("hands a page's interest to its own consumer, and closes a page whose interest is oversize", async () => {
    const fake = fakeBackend();
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fake.backend });
    const ws = (await openSocket(socketUrl(web), ownOrigin(web))) as WebSocket;
    sockets.push(ws);
    await nextMessage(ws);
    const interest = { type: 'interest', rows: ['A', 'B'], charted: ['A'], selected: 'A' };
    ws.send(JSON.stringify(interest));
    await vi.waitFor(() => expect(fake.consumers[0]!.interests).toEqual([interest]));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    const rows = Array.from({ length: MAX_INTEREST_ROWS + 1 }, (_, i) => `I${i}`);
    ws.send(JSON.stringify({ ...interest, rows }));
    expect(await closed).toBe(1008);
    expect(fake.consumers[0]!.interests).toHaveLength(1);
  });

  it('closes a page that sends a malformed message (1008)', async () => {
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: fakeBackend().backend });
    const ws = (await openSocket(socketUrl(web), ownOrigin(web))) as WebSocket;
    sockets.push(ws);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('{"type":"ack","seq":"one"}');
    expect(await closed).toBe(1008);
  });

  it('closes a page that sends a frame over the size limit (1009), and serves the other pages', async () => {
    const errors = watchProcessErrors();
    try {
      const fake = fakeBackend();
      web = await startWebHost({ port: 0, rendererDir: dir, appHost: fake.backend });
      const bystander = (await openSocket(socketUrl(web), ownOrigin(web))) as WebSocket;
      const hostile = (await openSocket(socketUrl(web), ownOrigin(web))) as WebSocket;
      sockets.push(bystander, hostile);
      const closed = new Promise<number>((r) => hostile.once('close', (code) => r(code)));
      hostile.send('x'.repeat(MAX_CLIENT_MESSAGE_BYTES + 1024));
      expect(await closed).toBe(1009);
      const result = new Promise<WebHostMessage>((resolve) =>
        bystander.on('message', (data) => {
          const msg = JSON.parse(String(data)) as WebHostMessage;
          if (msg.type === 'result') resolve(msg);
        }),
      );
      bystander.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'settings:get', args: [] }));
      expect(await result).toMatchObject({ type: 'result', id: 1, ok: true });
      expect(errors.errors).toEqual([]);
    } finally {
      errors.stop();
    }
  });
});
