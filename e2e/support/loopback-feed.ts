/**
 * A WebSocket feed of the e2e specs' own on a free loopback port: `serve` speaks the Tickdeck
 * protocol (docs/PROTOCOL.md) to each page's engine that connects, for what the simulator cannot
 * make (an instrument never traded, figures as wide as a feed may send).
 */
import { WebSocketServer, type WebSocket } from 'ws';

export interface LoopbackFeed {
  readonly url: string;
  close(): Promise<void>;
}

export async function startLoopbackFeed(serve: (socket: WebSocket) => void): Promise<LoopbackFeed> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', serve);
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () => {
      for (const c of server.clients) c.terminate();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
