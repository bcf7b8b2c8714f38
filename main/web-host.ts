/**
 * Browser mode: serves the built dashboard over HTTP and carries the same commands, events and
 * batches as Electron IPC over one WebSocket per page. No web page the user visits may read or
 * drive it: it binds loopback by default, the socket requires a per-run random token, foreign
 * `Origin`s are refused at the upgrade, and `Host` is checked against DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Batch } from '../protocol/batch';
import type { HostEventChannel, HostEvents } from '../protocol/ipc';
import {
  WEB_SOCKET_PATH,
  WEB_TOKEN_PARAM,
  type WebClientMessage,
  type WebHostMessage,
} from '../protocol/web';

/** What the web host needs from the app core (`AppHost` from ./host satisfies it). */
export interface WebHostBackend {
  invoke(
    channel: string,
    args: readonly unknown[],
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: string }>;
  attach(send: (batch: Batch) => void): { ack(seq: number): void; detach(): void };
  onEvent(
    listener: (channel: HostEventChannel, payload: HostEvents[HostEventChannel]) => void,
  ): () => void;
}

export interface WebHostOptions {
  /** Address to bind; loopback unless the user asks otherwise. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** The built renderer (index.html and assets/). */
  readonly rendererDir: string;
  readonly appHost: WebHostBackend;
  /** Fixed token for tests; a fresh random one otherwise. */
  readonly token?: string;
}

export interface WebHost {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const DEFAULT_WEB_HOST = '127.0.0.1';
/** Largest page -> host message; commands are small. */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
/** A page that answers no ping for this long is dropped (its consumer detached). */
export const PING_INTERVAL_MS = 15_000;
/** How long pages get to complete the close handshake on shutdown. */
const CLOSE_GRACE_MS = 500;
/** Token entropy. */
const TOKEN_BYTES = 24;

/** Content-Security-Policy of every page: only our own scripts, styles and socket. */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': WEB_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const WILDCARD = new Set(['0.0.0.0', '::']);

/** True when `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

function hostForUrl(host: string): string {
  if (WILDCARD.has(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(socket: Duplex, status: 400 | 401 | 403 | 404, reason: string): void {
  const text = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
  }[status];
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/** Parses one page message; null when it is not a well-formed {@link WebClientMessage}. */
export function parseClientMessage(text: string): WebClientMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  if (m.type === 'ack')
    return Number.isSafeInteger(m.seq) ? { type: 'ack', seq: m.seq as number } : null;
  if (
    m.type === 'invoke' &&
    Number.isSafeInteger(m.id) &&
    typeof m.channel === 'string' &&
    Array.isArray(m.args)
  ) {
    // The channel and arguments are validated by the app host, like Electron IPC.
    return m as unknown as WebClientMessage;
  }
  return null;
}

/** Starts the browser-mode host. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? DEFAULT_WEB_HOST;
  const token = options.token ?? randomBytes(TOKEN_BYTES).toString('hex');
  const rendererDir = resolve(options.rendererDir);
  const backend = options.appHost;
  let port = 0;

  /** `Host` headers we answer to: the bound address and loopback names, on our port. */
  const hostAllowed = (hostHeader: string | undefined): boolean => {
    if (!hostHeader) return false;
    if (WILDCARD.has(bindHost)) return true; // the user chose to serve every interface
    const names = [bindHost, ...(isLoopback(bindHost) ? LOOPBACK : [])];
    return names.some((n) => hostHeader === `${hostForUrl(n)}:${port}`);
  };

  const server = createServer((req, res) => void serveFile(req, res));

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain', ...headers });
      res.end(body);
    };
    if (!hostAllowed(req.headers.host)) return send(421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(400, 'Bad request');
    }
    if (path === '/' || path === '') path = '/index.html';
    const file = normalize(join(rendererDir, path));
    if (!file.startsWith(rendererDir + sep) || path.includes('\0')) return send(404, 'Not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(404, 'Not found');
    const isIndex = path === '/index.html';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      // Assets have content hashes in their names; the page that names them must not be cached.
      'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });

  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      return refuse(socket, 400, 'Bad request');
    }
    if (url.pathname !== WEB_SOCKET_PATH) return refuse(socket, 404, 'Not found');
    if (!hostAllowed(req.headers.host)) return refuse(socket, 403, 'Unexpected Host');
    // Browsers always send Origin; it must be this very page's origin. (A local non-browser
    // client sends none, and still needs the token.)
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) {
      return refuse(socket, 403, 'Foreign origin');
    }
    if (!sameToken(url.searchParams.get(WEB_TOKEN_PARAM), token)) {
      return refuse(socket, 401, 'Missing or wrong token');
    }
    wss.handleUpgrade(req, socket, head, (ws) => connectPage(ws));
  });

  function connectPage(ws: WebSocket): void {
    let alive = true;
    const send = (msg: WebHostMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const consumer = backend.attach((batch) => send({ type: 'batch', batch }));
    const offEvents = backend.onEvent((channel, payload) =>
      send({ type: 'event', channel, payload }),
    );
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);
    ws.on('pong', () => (alive = true));
    ws.on('message', (data, isBinary) => {
      const msg = isBinary ? null : parseClientMessage(String(data));
      if (!msg) return ws.close(1008, 'malformed message');
      if (msg.type === 'ack') return consumer.ack(msg.seq);
      backend.invoke(msg.channel, msg.args).then(
        (r) =>
          send(
            r.ok
              ? { type: 'result', id: msg.id, ok: true, value: r.value }
              : { type: 'result', id: msg.id, ok: false, error: r.error },
          ),
        (err: unknown) =>
          send({
            type: 'result',
            id: msg.id,
            ok: false,
            error: err instanceof Error ? err.message : String(err),
          }),
      );
    });
    ws.on('close', () => {
      clearInterval(ping);
      offEvents();
      consumer.detach();
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${hostForUrl(bindHost)}:${port}/?${WEB_TOKEN_PARAM}=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of wss.clients) ws.close(1001, 'host shutting down');
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (wss.clients.size > 0 && Date.now() < deadline) await sleep(20);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
