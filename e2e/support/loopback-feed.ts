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

/** A feed that holds still: its instruments' states, as snapshots once subscribed. */
export interface StillFeed {
  /** The hello's `server` name. */
  readonly server: string;
  readonly instruments: readonly object[];
  /** Each instrument's state (without `ts`), sent as its snapshot at seq 1. */
  state(id: string): object;
}

const STILL_HEARTBEAT_MS = 1_000;

/**
 * Serves `feed` on a free loopback port: hello, then heartbeats; every request answered ok, and
 * a subscribe with a snapshot of each instrument. Nothing ever ticks: the states stay as sent.
 */
export function startStillFeed(feed: StillFeed): Promise<LoopbackFeed> {
  return startLoopbackFeed((socket) => {
    const send = (msg: object) => socket.send(JSON.stringify(msg));
    const { server, instruments } = feed;
    send({ op: 'hello', protocol: 1, heartbeatMs: STILL_HEARTBEAT_MS, server, instruments });
    const beat = () => send({ op: 'heartbeat', ts: Date.now() });
    const timer = setInterval(beat, STILL_HEARTBEAT_MS / 2);
    socket.on('close', () => clearInterval(timer));
    socket.on('message', (data) => {
      const req = JSON.parse(String(data)) as { op: string; id: number };
      send({ op: 'status', id: req.id, ok: true });
      if (req.op !== 'subscribe') return;
      for (const { id } of instruments as { id: string }[]) {
        const state = { ...feed.state(id), ts: Date.now() };
        send({ op: 'snapshot', instrument: id, seq: 1, state });
      }
    });
  });
}
