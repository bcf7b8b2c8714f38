/**
 * The one place server-side WebSockets are accepted, for every server Tickdeck runs: the
 * simulator, the replay server and the browser-mode page socket. Every socket gets its
 * `'error'` listener before its server sees it: `ws` reports a frame over `maxPayload`, bad
 * UTF-8 or a reset as an `'error'` event (then closes the socket), and an `'error'` nobody
 * listens to is an uncaught exception that takes the whole host process down.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Why an upgrade is refused, as the HTTP status and text it is answered with. */
export interface UpgradeRefusal {
  readonly status: 400 | 401 | 403 | 404;
  readonly reason: string;
}

/** How a server accepts sockets. */
export interface SocketServerOptions {
  /** Largest frame a peer may send, bytes; a bigger one closes that socket with 1009. */
  readonly maxPayloadBytes: number;
  /** Decides each upgrade before the handshake; null accepts it. */
  readonly checkUpgrade?: (req: IncomingMessage) => UpgradeRefusal | null;
  /** Receives each accepted socket, its errors already handled. */
  readonly onConnection: (ws: WebSocket, req: IncomingMessage) => void;
}

/** Where a standalone socket server listens. */
export interface ListenOptions extends SocketServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/** The raw HTTP answer that refuses an upgrade and closes the socket. */
function refusalResponse({ status, reason }: UpgradeRefusal): string {
  const text = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
  }[status];
  return (
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
    `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`
  );
}

/** Constant-time, so a secret cannot be guessed byte by byte from response times. */
export function sameSecret(given: string | null, secret: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

// The socket closes after the error (ws sends 1009, 1007 or drops it); its owner hears 'close'.
const ignoreError = (): void => {};

/** Accepts sockets from HTTP upgrades, for a server that owns its HTTP listener. */
export class ServerSockets {
  private readonly wss: WebSocketServer;

  constructor(private readonly options: SocketServerOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes,
      perMessageDeflate: false,
    });
  }

  /** Sockets open now (and ones closing). */
  get clients(): ReadonlySet<WebSocket> {
    return this.wss.clients;
  }

  /** Answers one HTTP upgrade: refuses it with its status, or completes the handshake. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node hands over the raw socket without its own 'error' listener; a reset before or
    // during the handshake must not be uncaught either.
    socket.on('error', () => socket.destroy());
    const refusal = this.options.checkUpgrade?.(req) ?? null;
    if (refusal) return void socket.end(refusalResponse(refusal));
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', ignoreError);
      this.options.onConnection(ws, req);
    });
  }

  /** Closes every socket with `code`, waits up to `graceMs` for the peers, then cuts the rest. */
  async closeAll(code: number, reason: string, graceMs: number): Promise<void> {
    const open = [...this.wss.clients];
    const closed = open.map((ws) => new Promise((resolve) => ws.once('close', resolve)));
    for (const ws of open) ws.close(code, reason);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all(closed), grace]);
    clearTimeout(timer);
    for (const ws of this.wss.clients) ws.terminate();
  }
}

/** A socket server with its own HTTP listener (plain HTTP requests get 426). */
export interface ListeningSockets {
  /** The port actually bound. */
  readonly port: number;
  readonly clients: ReadonlySet<WebSocket>;
  /** Closes every socket (see {@link ServerSockets.closeAll}), then stops listening. */
  close(code: number, reason: string, graceMs: number): Promise<void>;
}

/** Listens on `host:port`; rejects with the listen error (e.g. the port is taken). */
export async function listenSockets(options: ListenOptions): Promise<ListeningSockets> {
  const sockets = new ServerSockets(options);
  const server = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end('Upgrade Required: this is a WebSocket server');
  });
  server.on('upgrade', (req, socket, head) => sockets.upgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Once listening, a server error (e.g. too many open files on accept) costs that accept only.
  server.on('error', ignoreError);
  return {
    port: (server.address() as AddressInfo).port,
    clients: sockets.clients,
    close: async (code, reason, graceMs) => {
      await sockets.closeAll(code, reason, graceMs);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
