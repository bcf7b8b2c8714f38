/**
 * N desktops' feed sockets in one process, for bench/nats-fanout.bench.ts: each subscribes to
 * every instrument, parses every frame (as the engine's decoder does) and counts its ticks and
 * their age (receipt wall clock minus the tick's source `ts`). Through NATS each desk starts
 * its own gateway (main/feed/nats/), with its own NATS connection, as a desktop does; directly,
 * each opens a WebSocket to the feed. Driven over stdin/stdout:
 *
 *   node --import tsx bench/nats-desks-process.ts <ws://feed | nats://server/source> <desks>
 *
 * prints `ready` once every desk has had a tick; `start` zeroes the counters, `stop` prints one
 * JSON line of {@link DeskStats} and exits.
 */
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { CLOSE_CODES } from '../protocol/feed';
import { parseFeedTarget } from '../protocol/feed-target';
import { startNatsGateway, type NatsGateway } from '../main/feed/nats/nats-gateway';

/** Desks one process runs at most. */
const MAX_DESKS = 50;
/** Wait before a refused or cut desk connects again, ms. */
const RETRY_MS = 200;
/** Tick ages above this land in the last histogram bucket, ms. */
const MAX_AGE_MS = 10_000;

/** What the desks process reports for the measured window. */
export interface DeskStats {
  /** Ticks each desk received. */
  readonly ticks: readonly number[];
  /** Tick ages over all desks, ms: median and 99th percentile (1 ms buckets). */
  readonly ageP50Ms: number;
  readonly ageP99Ms: number;
  /** Why desks' sockets closed during the window (a slow-consumer cut reconnects; others stop). */
  readonly closes: readonly string[];
  /** CPU time of this process in the window, µs. */
  readonly cpuUs: number;
}

const [feed, desksArg] = process.argv.slice(2);
const desks = Number(desksArg);
if (!feed || !Number.isInteger(desks) || desks < 1 || desks > MAX_DESKS) {
  console.error(
    `usage: nats-desks-process <ws://... | nats://.../source> <desks, 1 to ${MAX_DESKS}>`,
  );
  process.exit(2);
}

const counts = new Array<number>(desks).fill(0);
const ages = new Uint32Array(MAX_AGE_MS + 1);
const gateways: NatsGateway[] = [];
const closes: string[] = [];
let cpuAtStart = process.cpuUsage();

async function deskUrl(): Promise<string> {
  const target = parseFeedTarget(feed!);
  if (!target.ok) throw new Error(target.error);
  if (target.target.kind !== 'nats') return feed!;
  const gateway = await startNatsGateway({
    servers: target.target.servers,
    source: target.target.source,
    auth: {},
  });
  gateways.push(gateway);
  return gateway.url;
}

/** Opens one desk's socket; resolves at its first tick. Through NATS the gateway may refuse
 * while its connection is still being made (1013): the desk tries again. A desk cut as a slow
 * consumer (4000, by the simulator or the gateway) reconnects, as the engine does, and the cut
 * is counted. */
function openDesk(index: number, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('error', reject);
    ws.on('close', (code, reason) => {
      if (code !== 1013) closes.push(`desk ${index}: ${code} ${reason.toString()}`);
      if (code === 1013 || code === CLOSE_CODES.SLOW_CONSUMER)
        setTimeout(() => openDesk(index, url).then(resolve, reject), RETRY_MS);
    });
    ws.on('open', () => ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] })));
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { op: string; ticks?: { ts: number }[] };
      if (message.op !== 'ticks' || !message.ticks) return;
      const now = Date.now();
      for (const tick of message.ticks) {
        ages[Math.min(MAX_AGE_MS, Math.max(0, Math.round(now - tick.ts)))]!++;
      }
      counts[index]! += message.ticks.length;
      resolve();
    });
  });
}

function percentileMs(p: number): number {
  let total = 0;
  for (const n of ages) total += n;
  let seen = 0;
  for (let ms = 0; ms < ages.length; ms++) {
    seen += ages[ms]!;
    if (seen >= p * total) return ms;
  }
  return NaN;
}

const urls = await Promise.all(counts.map(() => deskUrl()));
await Promise.all(urls.map((url, i) => openDesk(i, url)));
console.log('ready');

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'start') {
    counts.fill(0);
    ages.fill(0);
    closes.length = 0;
    cpuAtStart = process.cpuUsage();
  }
  if (line === 'stop') {
    const cpu = process.cpuUsage(cpuAtStart);
    const stats: DeskStats = {
      ticks: counts,
      ageP50Ms: percentileMs(0.5),
      ageP99Ms: percentileMs(0.99),
      closes,
      cpuUs: cpu.user + cpu.system,
    };
    console.log(JSON.stringify(stats));
    void Promise.all(gateways.map((g) => g.close())).finally(() => process.exit(0));
  }
});
