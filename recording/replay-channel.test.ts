import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { listenSockets, type ListeningSockets } from '../net/socket-server';
import { MAX_PENDING_REQUEST_BYTES, ReplayChannel } from './replay-channel';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** A server whose every request waits for `release`; counts what its socket delivered. */
async function stalledServer(): Promise<{
  url: string;
  received: () => number;
  handled: string[];
  release: () => void;
}> {
  let received = 0;
  const handled: string[] = [];
  let release = (): void => {};
  const released = new Promise<void>((r) => (release = r));
  const listener: ListeningSockets = await listenSockets({
    host: '127.0.0.1',
    port: 0,
    maxPayloadBytes: 64 * 1024,
    onConnection: (ws) => {
      ws.on('message', () => received++);
      const channel = new ReplayChannel(
        ws,
        {
          request: async (text) => {
            await released;
            handled.push(text);
          },
          failed: () => {},
          tick: () => {},
          closed: () => channel.stop(),
        },
        () => 0,
      );
    },
  });
  open.push({ close: () => listener.close(1001, 'test over', 0) });
  return { url: `ws://127.0.0.1:${listener.port}`, received: () => received, handled, release };
}

describe('a replay channel', () => {
  it('stops reading a peer whose requests wait, and handles every one in order once they are served', async () => {
    const server = await stalledServer();
    const peer = new WebSocket(server.url);
    open.push({ close: () => peer.terminate() });
    await new Promise((r) => peer.once('open', r));
    // 24 MB of requests: more than loopback's socket buffers hold, so what the server has not
    // read stays in the peer's own buffer.
    const frame = (i: number): string =>
      JSON.stringify({ op: 'x', id: i, pad: 'p'.repeat(60_000) });
    const count = 400;
    for (let i = 0; i < count; i++) peer.send(frame(i));
    const deadline = Date.now() + 3_000;
    while (peer.bufferedAmount > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    // Read no further than the bound, plus what one socket read had already parsed.
    expect(server.received() * 60_000).toBeLessThan(MAX_PENDING_REQUEST_BYTES + 1024 * 1024);
    expect(peer.bufferedAmount).toBeGreaterThan(0);
    server.release();
    while (server.handled.length < count && Date.now() < deadline + 10_000)
      await new Promise((r) => setTimeout(r, 50));
    expect(server.handled).toEqual(Array.from({ length: count }, (_, i) => frame(i)));
  }, 20_000);
});
