/**
 * Browser mode: serves the built dashboard over HTTP and carries the same commands, events and
 * batches as Electron IPC over one WebSocket per page. No web page the user visits may read or
 * drive it: it binds loopback by default, the socket requires a per-run random token, foreign
 * `Origin`s are refused at the upgrade, and `Host` is checked against DNS rebinding
 * (web-access.ts). Files: web-static-files.ts; pages: web-page-session.ts.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WEB_TOKEN_PARAM } from '../../protocol/web';
import { MAX_WORKSPACE_FILE_CHARS } from '../../protocol/workspace';
import { ServerSockets } from '../../net/socket-server';
import { checkUpgrade, hostChecker, hostForUrl } from './web-access';
import { connectPage, type WebHostBackend } from './web-page-session';
import { serveStaticFile } from './web-static-files';

export { isLoopback } from './web-access';
export { PING_INTERVAL_MS, type WebHostBackend } from './web-page-session';
export { WEB_CSP } from './web-static-files';

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
/** Port used when `--port` is not given. */
export const DEFAULT_WEB_PORT = 5180;
/**
 * Largest page -> host message. Commands are small but for a workspace import, which carries
 * the file's text: at most MAX_WORKSPACE_FILE_CHARS, and 4 bytes a character covers UTF-8 and
 * JSON escaping of any text a valid workspace holds.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 4 * MAX_WORKSPACE_FILE_CHARS;
/** How long pages get to complete the close handshake on shutdown. */
const CLOSE_GRACE_MS = 500;
/** Token entropy. */
const TOKEN_BYTES = 24;

/** Starts the browser-mode host. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? DEFAULT_WEB_HOST;
  const token = options.token ?? randomBytes(TOKEN_BYTES).toString('hex');
  const rendererDir = resolve(options.rendererDir);
  const backend = options.appHost;
  let port = 0;
  const hostAllowed = hostChecker(bindHost, () => port);

  const server = createServer(
    (req, res) => void serveStaticFile(req, res, rendererDir, hostAllowed),
  );
  const sockets = new ServerSockets({
    maxPayloadBytes: MAX_CLIENT_MESSAGE_BYTES,
    checkUpgrade: (req) => checkUpgrade(req, token, hostAllowed),
    onConnection: (ws) => connectPage(ws, backend),
  });
  server.on('upgrade', (req, socket, head) => sockets.upgrade(req, socket, head));

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
      await sockets.closeAll(1001, 'host shutting down', CLOSE_GRACE_MS);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
