/**
 * A benchmark client in its own process: opens N WebSockets to a feed, subscribes each to every
 * instrument, and counts the ticks, `ticks` frames and their bytes it receives, without parsing
 * a frame (tick-count.ts). Driven over stdin/stdout by bench/simulator.bench.ts:
 *
 *   node --import tsx test-support/tick-count-client.ts <ws url> <sockets> [mix]
 *
 * With `mix`, the sockets subscribe as soak/load.ts's clients do: a tenth to every tick of
 * everything, 45 % to everything conflated (100–500 ms), 45 % to one to three market
 * instruments. Prints `ready` once every socket has subscribed; `start` on stdin zeroes the
 * counters, `stop` prints them as one JSON line ({ kind, ticks, frames, bytes } per socket) and
 * exits.
 */
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { ticksInFrame } from './tick-count';

/** Sockets one client process opens at most (the bench uses 1, 10 and 200). */
const MAX_SOCKETS = 1_000;

/** What a socket subscribed to: every tick of everything, everything conflated, a few. */
type Kind = 'all' | 'all-conflated' | 'subset';

interface Counts {
  kind: Kind;
  ticks: number;
  frames: number;
  bytes: number;
}

interface Hello {
  readonly instruments: readonly { readonly id: string; readonly kind: string }[];
}

const [url, socketsArg, mixArg] = process.argv.slice(2);
const sockets = Number(socketsArg);
if (
  !url?.startsWith('ws://') ||
  !Number.isInteger(sockets) ||
  sockets < 1 ||
  sockets > MAX_SOCKETS ||
  (mixArg !== undefined && mixArg !== 'mix')
) {
  console.error(`usage: tick-count-client <ws://...> <sockets, 1 to ${MAX_SOCKETS}> [mix]`);
  process.exit(2);
}
const mix = mixArg === 'mix';

/** Socket n's kind and subscribe request, as soak/load.ts subscribes its client n. */
function subscription(n: number, hello: Hello): { kind: Kind; request: object } {
  const all = { op: 'subscribe', id: 1, instruments: ['*'] };
  if (!mix || n % 10 === 0) return { kind: 'all', request: all };
  if (n % 2 === 0)
    return { kind: 'all-conflated', request: { ...all, conflateMs: 100 + (n % 5) * 100 } };
  const markets = hello.instruments.filter((i) => i.kind === 'market').map((i) => i.id);
  const from = n % markets.length;
  return {
    kind: 'subset',
    request: { ...all, instruments: markets.slice(from, from + 1 + (n % 3)) },
  };
}

const counts: Counts[] = Array.from({ length: sockets }, () => ({
  kind: 'all' as Kind,
  ticks: 0,
  frames: 0,
  bytes: 0,
}));
let subscribed = 0;
counts.forEach((c, n) => {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', (err) => {
    console.error(`tick-count-client: ${err.message}`);
    process.exit(1);
  });
  // Refused (the server is full) or cut before every socket subscribed: the count would lie.
  ws.once('close', (code, reason) => {
    if (subscribed === sockets) return;
    console.error(`tick-count-client: socket closed ${code} ${reason.toString()} before ready`);
    process.exit(1);
  });
  const subscribe = (request: object) => {
    ws.send(JSON.stringify(request));
    if (++subscribed === sockets) console.log('ready');
  };
  const count = (frame: Buffer) => {
    const ticks = ticksInFrame(frame);
    if (ticks === 0) return;
    c.ticks += ticks;
    c.frames++;
    c.bytes += frame.length;
  };
  if (!mix) {
    // Every instrument, from the open on (the naive server sends no hello).
    ws.on('open', () => subscribe(subscription(n, { instruments: [] }).request));
    ws.on('message', count);
    return;
  }
  // The first frame is the hello, which lists the instruments (once per socket, not per tick).
  ws.once('message', (data: Buffer) => {
    const { kind, request } = subscription(n, JSON.parse(data.toString()) as Hello);
    c.kind = kind;
    subscribe(request);
    ws.on('message', count);
  });
});

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'start') for (const c of counts) Object.assign(c, { ticks: 0, frames: 0, bytes: 0 });
  if (line === 'stop') {
    console.log(JSON.stringify(counts));
    process.exit(0);
  }
});
