/**
 * The naive transport, for bench/transport.bench.ts to compare the engine's batches with: a
 * process that decodes the simulator's frames exactly as the engine does (the Tickdeck protocol
 * session) and forwards every tick to every connected consumer as a WebSocket message of its
 * own. No state, no conflation, no batches.
 *
 * `node --import tsx bench/forward-process.ts <feed>` prints `{"url": ...}` when serving and
 * answers stdin lines `stats` with the same figures as bench/engine-process.ts.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import WebSocket, { WebSocketServer } from 'ws';
import type { EngineStats } from './engine-process';
import { tickdeckProtocol } from '../main/feed/tickdeck-protocol';

const feed = process.argv[2];
if (!feed) {
  console.error('usage: forward-process.ts <feed>');
  process.exit(2);
}

let ticksTotal = 0;
let messagesSent = 0;
let bytesSent = 0;

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await once(server, 'listening');
const port = (server.address() as { port: number }).port;

const session = tickdeckProtocol(feed, { kind: 'url', label: 'bench' }).createConnection();
const upstream = new WebSocket(feed, { perMessageDeflate: false });
upstream.on('message', (data) => {
  const result = session.decode(data.toString());
  if (!result.ok) return;
  for (const message of result.messages) {
    if (message.op !== 'ticks') continue;
    for (const tick of message.ticks) {
      ticksTotal++;
      const text = JSON.stringify(tick);
      for (const client of server.clients) {
        client.send(text);
        messagesSent++;
        bytesSent += text.length;
      }
    }
  }
});
await once(upstream, 'open');
for (const frame of session.open(new Map(), 1)) upstream.send(frame);

console.log(JSON.stringify({ url: `ws://127.0.0.1:${port}` }));

const close = () => {
  upstream.close();
  for (const client of server.clients) client.terminate();
  server.close(() => process.exit(0));
};
const lines = createInterface({ input: process.stdin });
lines.on('close', close);
lines.on('line', (line) => {
  if (line === 'stats') {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const stats: EngineStats = {
      heapUsed: mem.heapUsed,
      arrayBuffers: mem.arrayBuffers,
      rss: mem.rss,
      cpuUs: cpu.user + cpu.system,
      ticksTotal,
      messagesSent,
      bytesSent,
      batches: 0,
    };
    console.log(JSON.stringify(stats));
  } else if (line === 'exit') close();
});
