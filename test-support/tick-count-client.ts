/**
 * A benchmark client in its own process: opens N WebSockets to a feed, subscribes each to every
 * instrument, and counts the ticks, `ticks` frames and their bytes it receives, without parsing
 * a frame (tick-count.ts). Driven over stdin/stdout by bench/simulator.bench.ts:
 *
 *   node --import tsx test-support/tick-count-client.ts <ws url> <sockets>
 *
 * prints `ready` once every socket is open; `start` on stdin zeroes the counters, `stop` prints
 * them as one JSON line ({ ticks, frames, bytes } per socket) and exits.
 */
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { ticksInFrame } from './tick-count';

/** Sockets one client process opens at most (the bench uses 1 and 10). */
const MAX_SOCKETS = 100;

interface Counts {
  ticks: number;
  frames: number;
  bytes: number;
}

const [url, socketsArg] = process.argv.slice(2);
const sockets = Number(socketsArg);
if (
  !url?.startsWith('ws://') ||
  !Number.isInteger(sockets) ||
  sockets < 1 ||
  sockets > MAX_SOCKETS
) {
  console.error(`usage: tick-count-client <ws://...> <sockets, 1 to ${MAX_SOCKETS}>`);
  process.exit(2);
}

const counts: Counts[] = Array.from({ length: sockets }, () => ({ ticks: 0, frames: 0, bytes: 0 }));
let open = 0;
for (const c of counts) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', (err) => {
    console.error(`tick-count-client: ${err.message}`);
    process.exit(1);
  });
  ws.on('open', () => {
    ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
    if (++open === sockets) console.log('ready');
  });
  ws.on('message', (data: Buffer) => {
    const ticks = ticksInFrame(data);
    if (ticks === 0) return;
    c.ticks += ticks;
    c.frames++;
    c.bytes += data.length;
  });
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'start') for (const c of counts) Object.assign(c, { ticks: 0, frames: 0, bytes: 0 });
  if (line === 'stop') {
    console.log(JSON.stringify(counts));
    process.exit(0);
  }
});
