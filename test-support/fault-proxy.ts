/**
 * A WebSocket proxy for engine tests: sits between the engine and a real feed so a test can
 * cut connections, drop a data frame (a sequence gap), inject a malformed frame, or go silent
 * while keeping sockets open.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface FeedProxy {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Terminates every proxied connection (both sides), as a network failure would. */
  cut(): void;
  /** Swallows the next server frame carrying ticks. */
  dropNextTicks(): void;
  /** Sends `text` to every connected client as if the feed had. */
  inject(text: string): void;
  /** Stops forwarding server frames on the current connections (sockets stay open). */
  silence(): void;
  close(): Promise<void>;
}

/** Options of {@link startProxy}. */
export interface ProxyOptions {
  /**
   * Sees every server frame that would be forwarded and decides what reaches the client and
   * when (the chaos soak delays and corrupts frames here); default: forward at once.
   */
  readonly relay?: (text: string, send: (text: string) => void) => void;
}

export async function startProxy(target: string, options: ProxyOptions = {}): Promise<FeedProxy> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const pairs = new Set<[WebSocket, WebSocket]>();
  let connections = 0;
  let dropTicks = false;
  const silenced = new WeakSet<WebSocket>();
  server.on('connection', (client) => {
    connections++;
    const upstream = new WebSocket(target);
    const pair: [WebSocket, WebSocket] = [client, upstream];
    pairs.add(pair);
    const pending: string[] = [];
    upstream.on('open', () => pending.splice(0).forEach((text) => upstream.send(text)));
    client.on('message', (data) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data.toString());
      else pending.push(data.toString());
    });
    upstream.on('message', (data) => {
      const text = data.toString();
      if (silenced.has(client)) return;
      if (dropTicks && text.startsWith('{"op":"ticks"')) {
        dropTicks = false;
        return;
      }
      const send = (out: string) => {
        if (client.readyState === WebSocket.OPEN) client.send(out);
      };
      if (options.relay) options.relay(text, send);
      else send(text);
    });
    const end = () => {
      pairs.delete(pair);
      client.terminate();
      upstream.terminate();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return connections;
    },
    cut: () => pairs.forEach(([client, upstream]) => (client.terminate(), upstream.terminate())),
    dropNextTicks: () => (dropTicks = true),
    inject: (text) => pairs.forEach(([client]) => client.send(text)),
    silence: () => pairs.forEach(([client]) => silenced.add(client)),
    close: async () => {
      pairs.forEach(([client, upstream]) => (client.terminate(), upstream.terminate()));
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
