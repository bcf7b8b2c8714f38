/**
 * Test support: a Tickdeck source of many market instruments, with ids as long as a test
 * asks, for the NATS tests of a hello larger than one NATS message. It speaks as much of the
 * protocol as the relay's feed client uses: a hello, a subscribe answered with a status and a
 * snapshot of each instrument asked for, a trade on a few instruments in turn every tick
 * interval, and heartbeats. `resize` changes the instrument list: it closes every connection,
 * so the relay reconnects, reads the new hello and publishes it, as after a real source's
 * change of list.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HelloMessage, MarketInstrument, SnapshotMessage, Tick } from '../protocol/feed';
import { MARKET } from './instrument-snapshots';

/** A tick as {@link BigSource.send} takes it: its seq and time are the source's. */
export type TickBody = DistributiveOmit<Tick, 'seq' | 'ts'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface BigSourceOptions {
  readonly instruments: number;
  /** Characters of each id (at least 6). */
  readonly idChars?: number;
  readonly heartbeatMs?: number;
  /** Instruments given a trade each interval, in turn. */
  readonly tradesPerInterval?: number;
  readonly intervalMs?: number;
}

export interface BigSource {
  readonly url: string;
  /** The ids of the current list. */
  readonly ids: readonly string[];
  /** Makes the list `instruments` long (every connection closed, see above). */
  resize(instruments: number): void;
  /** Sends `ticks` in one frame, each given its instrument's next seq and the time. */
  send(ticks: readonly TickBody[]): void;
  close(): Promise<void>;
}

/** Instrument `i`'s id, `idChars` long. */
export function bigSourceId(i: number, idChars = 6): string {
  return `I${String(i).padStart(5, '0')}`.padEnd(idChars, 'x');
}

export async function startBigSource(options: BigSourceOptions): Promise<BigSource> {
  const { idChars = 6, heartbeatMs = 1_000, tradesPerInterval = 20, intervalMs = 50 } = options;
  let ids: string[] = [];
  let seqs: number[] = [];
  const resize = (n: number): void => {
    ids = Array.from({ length: n }, (_, i) => bigSourceId(i, idChars));
    seqs = ids.map((_, i) => seqs[i] ?? 1);
  };
  resize(options.instruments);
  const snapshot = (i: number): SnapshotMessage => ({
    op: 'snapshot',
    instrument: ids[i]!,
    seq: seqs[i]!,
    state: { ...MARKET, ts: Date.now() },
  });
  const subscribed = new Set<WebSocket>();
  let next = 0;
  const trades = setInterval(() => {
    if (subscribed.size === 0 || ids.length === 0) return;
    const ticks = Array.from({ length: Math.min(tradesPerInterval, ids.length) }, () => {
      const i = next++ % ids.length;
      const seq = ++seqs[i]!;
      return {
        instrument: ids[i]!,
        seq,
        ts: Date.now(),
        kind: 'trade',
        price: 10,
        size: 1,
        side: 'buy',
      };
    });
    for (const ws of subscribed) ws.send(JSON.stringify({ op: 'ticks', ticks }));
  }, intervalMs);
  const heartbeats = setInterval(() => {
    for (const ws of subscribed) ws.send(JSON.stringify({ op: 'heartbeat', ts: Date.now() }));
  }, heartbeatMs);

  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (ws) => {
    const instruments: MarketInstrument[] = ids.map((id, i) => ({
      id,
      kind: 'market',
      name: `Instrument ${i}`,
      tickSize: 0.01,
    }));
    const hello: HelloMessage = { op: 'hello', protocol: 1, heartbeatMs, instruments };
    ws.send(JSON.stringify(hello));
    ws.on('close', () => subscribed.delete(ws));
    ws.on('message', (data) => {
      const request = JSON.parse(String(data)) as { op: string; id: number; instruments: string[] };
      ws.send(JSON.stringify({ op: 'status', id: request.id, ok: true }));
      if (request.op !== 'subscribe') return;
      const asked = request.instruments.includes('*')
        ? ids.map((_, i) => i)
        : request.instruments.map((id) => ids.indexOf(id)).filter((i) => i >= 0);
      for (const i of asked) ws.send(JSON.stringify(snapshot(i)));
      subscribed.add(ws);
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get ids() {
      return ids;
    },
    resize(n) {
      resize(n);
      for (const ws of server.clients) ws.close(1012, 'instrument list changed');
    },
    send(bodies) {
      const ticks = bodies.map((body) => {
        const i = ids.indexOf(body.instrument);
        return { ...body, seq: ++seqs[i]!, ts: Date.now() } as Tick;
      });
      for (const ws of subscribed) ws.send(JSON.stringify({ op: 'ticks', ticks }));
    },
    async close() {
      clearInterval(trades);
      clearInterval(heartbeats);
      for (const ws of server.clients) ws.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
