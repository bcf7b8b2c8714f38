/**
 * A Tickdeck-protocol feed of two instruments that trade every 100 ms (a quote, a trade and a
 * book change each), with its heartbeats, where the spec can halt one: its data stops while
 * the other's and the heartbeats go on, as a venue's halted pair looks to the app.
 */
import type { WebSocket } from 'ws';
import { startLoopbackFeed, type LoopbackFeed } from './loopback-feed';

export const HALTING_IDS = ['ACME', 'BETA'] as const;
const TRADE_EVERY_MS = 100;
const HEARTBEAT_MS = 1_000;

export interface HaltingFeed extends LoopbackFeed {
  /** Stops (true) or resumes (false) instrument `id`'s data on every connection. */
  halt(id: string, halted: boolean): void;
}

export async function startHaltingFeed(): Promise<HaltingFeed> {
  const halted = new Set<string>();
  const feed = await startLoopbackFeed((socket) => serve(socket, halted));
  return { ...feed, halt: (id, on) => void (on ? halted.add(id) : halted.delete(id)) };
}

function serve(socket: WebSocket, halted: ReadonlySet<string>): void {
  const send = (msg: object) => socket.send(JSON.stringify(msg));
  const instruments = HALTING_IDS.map((id) => ({ id, kind: 'market', name: id, tickSize: 0.01 }));
  send({ op: 'hello', protocol: 1, heartbeatMs: HEARTBEAT_MS, server: 'halting', instruments });
  const seqs = new Map<string, number>(HALTING_IDS.map((id) => [id, 1]));
  const beat = setInterval(() => send({ op: 'heartbeat', ts: Date.now() }), HEARTBEAT_MS / 2);
  let trading: ReturnType<typeof setInterval> | undefined;
  socket.on('message', (data) => {
    const req = JSON.parse(String(data)) as { op: string; id: number };
    send({ op: 'status', id: req.id, ok: true });
    if (req.op !== 'subscribe' || trading) return;
    for (const id of HALTING_IDS) send(snapshot(id, seqs.get(id)!, 100));
    let step = 0;
    trading = setInterval(() => {
      const price = cents(100 + (step++ % 20) / 100);
      const ticks = HALTING_IDS.filter((id) => !halted.has(id)).flatMap((id) => {
        const seq = seqs.get(id)!;
        seqs.set(id, seq + 3);
        return events(id, seq, price);
      });
      if (ticks.length > 0) send({ op: 'ticks', ticks });
    }, TRADE_EVERY_MS);
  });
  socket.on('close', () => {
    clearInterval(beat);
    clearInterval(trading);
  });
}

/** A price in its shortest form (`100.08`, never `100.08000000000001`). */
const cents = (price: number) => Math.round(price * 100) / 100;

const book = (bid: number, ask: number) => ({
  bids: [
    [bid, 100],
    [cents(bid - 0.01), 300],
  ],
  asks: [
    [ask, 100],
    [cents(ask + 0.01), 300],
  ],
});

function snapshot(instrument: string, seq: number, last: number): object {
  const state = {
    kind: 'market',
    ...{ bid: cents(last - 0.01), ask: cents(last + 0.01), bidSize: 100, askSize: 100 },
    ...{ open: last, high: last, low: last, last, lastSize: 10, volume: 10, trades: 1 },
    ...{ ts: Date.now(), book: book(cents(last - 0.01), cents(last + 0.01)) },
  };
  return { op: 'snapshot', instrument, seq, state };
}

/** A quote, a trade and the book's change at `price`, seqs `seq + 1` to `seq + 3`. */
function events(instrument: string, seq: number, price: number): object[] {
  const ts = Date.now();
  const bid = cents(price - 0.01);
  const ask = cents(price + 0.01);
  return [
    { instrument, seq: seq + 1, ts, kind: 'quote', bid, ask, bidSize: 100, askSize: 100 },
    { instrument, seq: seq + 2, ts, kind: 'trade', price: ask, size: 5, side: 'buy' },
    { instrument, seq: seq + 3, ts, kind: 'book', full: true, ...book(bid, ask) },
  ];
}
