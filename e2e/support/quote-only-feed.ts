/**
 * A Tickdeck-protocol feed of one instrument that is quoted and never traded: its snapshot's
 * `last` (100) is old, and its quotes sit around 150, moving a cent every 100 ms. What a
 * quote-only venue, or an instrument nobody trades this session, looks like to the app.
 */
import type { WebSocket } from 'ws';
import { startLoopbackFeed, type LoopbackFeed } from './loopback-feed';

/** The snapshot's last trade, far from where the quotes are. */
export const STALE_LAST = 100;
/** Where the quotes' mid starts. */
export const QUOTED_MID = 150;
const INSTRUMENT = { id: 'QUOT', kind: 'market', name: 'Quoted only', tickSize: 0.01, decimals: 2 };
const QUOTE_EVERY_MS = 100;

export function startQuoteOnlyFeed(): Promise<LoopbackFeed> {
  return startLoopbackFeed(serve);
}

function serve(socket: WebSocket): void {
  const send = (msg: object) => socket.send(JSON.stringify(msg));
  send({
    op: 'hello',
    protocol: 1,
    heartbeatMs: 1000,
    server: 'quote-only',
    instruments: [INSTRUMENT],
  });
  let seq = 1;
  let cents = QUOTED_MID * 100;
  let timer: ReturnType<typeof setInterval> | undefined;
  socket.on('message', (data) => {
    const req = JSON.parse(String(data)) as { op: string; id: number };
    send({ op: 'status', id: req.id, ok: true });
    if (req.op !== 'subscribe' || timer) return;
    const mid = cents / 100;
    send({
      op: 'snapshot',
      instrument: INSTRUMENT.id,
      seq,
      state: {
        kind: 'market',
        ...{ bid: mid - 0.01, ask: mid + 0.01, bidSize: 100, askSize: 100 },
        ...{ open: STALE_LAST, high: STALE_LAST, low: STALE_LAST, last: STALE_LAST },
        ...{ lastSize: 10, volume: 10, trades: 1, ts: Date.now() },
      },
    });
    timer = setInterval(() => {
      // A slow zigzag of one to two cents: the mid stays within a few cents of 150.
      cents += seq % 40 < 20 ? 1 : -1;
      const bid = (cents - 1) / 100;
      const ask = (cents + 1) / 100;
      const tick = { instrument: INSTRUMENT.id, seq: ++seq, ts: Date.now(), kind: 'quote' };
      send({ op: 'ticks', ticks: [{ ...tick, bid, ask, bidSize: 100, askSize: 100 }] });
    }, QUOTE_EVERY_MS);
  });
  socket.on('close', () => clearInterval(timer));
}
