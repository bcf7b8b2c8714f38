/**
 * Test support: a TCP hop in front of a NATS server that can hold what a client sends from its
 * next JetStream request on (an API request, a KV write), as a server too busy to answer in
 * time does (an overloaded machine, a server recovering its streams after a restart). Until
 * then, and after, everything passes at once, both ways.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface NatsStallProxy {
  /** `nats://127.0.0.1:<port>`, for the client under test. */
  readonly url: string;
  /** Times the client's data was held so far. */
  readonly stalls: number;
  /**
   * From the next data the client sends with `subject` in it (a JetStream API request by
   * default; `$KV.<bucket>.` for a KV write) on, holds what it sends for `ms`: once.
   */
  stall(ms: number, subject?: string): void;
  close(): Promise<void>;
}

const JS_API = '$JS.API.';

/** Listens on a free loopback port and forwards to `target` (`nats://host:port`). */
export async function startNatsStallProxy(target: string): Promise<NatsStallProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let stallMs = 0;
  let marker = Buffer.from(JS_API);
  let stalls = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let heldUntil = 0;
    const held: Buffer[] = [];
    const flush = (): void => {
      for (const chunk of held.splice(0)) upstream.write(chunk);
    };
    client.on('data', (chunk: Buffer) => {
      if (stallMs > 0 && chunk.includes(marker)) {
        stalls++;
        heldUntil = Date.now() + stallMs;
        setTimeout(flush, stallMs);
        stallMs = 0;
      }
      if (Date.now() < heldUntil) held.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) s.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `nats://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get stalls() {
      return stalls;
    },
    stall(ms, subject = JS_API) {
      stallMs = ms;
      marker = Buffer.from(subject);
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
