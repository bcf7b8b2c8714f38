/**
 * A local stand-in for an exchange in tests: a WebSocket server on port 0 that records what
 * clients send and lets the test play documented payloads to them.
 */
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';

export interface MockClient {
  readonly socket: WebSocket;
  /** The request path and query the client connected with. */
  readonly path: string;
  /** Text frames received from the client, in order, with their arrival time. */
  readonly received: { readonly text: string; readonly at: number }[];
  readonly connectedAt: number;
}

export class MockExchange {
  readonly clients: MockClient[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket: WebSocket, request: IncomingMessage) => {
      const client: MockClient = {
        socket,
        path: request.url ?? '/',
        received: [],
        connectedAt: Date.now(),
      };
      socket.on('message', (data) => {
        client.received.push({ text: String(data), at: Date.now() });
        this.wake();
      });
      this.clients.push(client);
      this.wake();
    });
  }

  static async start(): Promise<MockExchange> {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new MockExchange(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Waits until `test` holds, re-checked on every connection and received frame. */
  async until<T>(test: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = test();
      if (value !== undefined && value !== false) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('mock exchange: condition not met in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The n-th client (0-based) once it has connected. */
  client(n = 0): Promise<MockClient> {
    return this.until(() => this.clients[n]);
  }

  /** Sends each frame to a client, in order. */
  play(client: MockClient, ...frames: readonly string[]): void {
    for (const frame of frames) client.socket.send(frame);
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
