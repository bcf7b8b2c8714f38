/**
 * Hostile peers against every server and client Tickdeck has: the simulator, the standalone
 * replay server, the in-app replay server, the browser-mode page socket (servers, attacked by
 * hostile clients), and the engine as a client of a hostile Tickdeck feed and of each exchange
 * (clients, attacked by hostile servers). Every case asserts that the process stays up (no
 * uncaught exception, no unhandled rejection), that a bystander keeps receiving data, and that
 * the heap grows by less than {@link MAX_HEAP_GROWTH_BYTES} over a target's cases.
 */
import { writeFile } from 'node:fs/promises';
import { connect as connectTcp, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_CLIENT_FRAME_BYTES } from '../protocol/feed';
import type { Exchange } from '../protocol/feed-target';
import { writeSyntheticRecording } from '../test-support/recording-traffic';
import { startReplayServer } from '../recording/replay-server';
import { listenSockets, type ListeningSockets } from '../net/socket-server';
import {
  BYSTANDER_WAIT_MS,
  HARM_MS,
  MALFORMED,
  hostilePeerHarness,
  sleep,
  stillReceiving,
  type Bystander,
} from '../test-support/hostile-peer-harness';
import { BINANCE_TRADE } from '../test-support/binance-payloads';
import { COINBASE_TICKER } from '../test-support/coinbase-payloads';
import { KRAKEN_TICKER_UPDATE } from '../test-support/kraken-payloads';
import { POLYMARKET_NFL } from '../test-support/polymarket-payloads';
import type { MockClient } from '../test-support/mock-exchange';
import { harness, type Harness } from '../test-support/exchange-feed';
import { createFeedEngine } from './feed/engine';
import type { FeedEngine } from './feed/engine-api';
import { until } from '../test-support/batch-view';
import { createAppHost, type AppHost } from './host/host';
import { ReplayController } from './host/replay-controller';
import { MAX_CLIENT_MESSAGE_BYTES, startWebHost, type WebHost } from './web/web-host';

/** Heap a target's hostile cases may add, all together (bystanders and servers included). */
const MAX_HEAP_GROWTH_BYTES = 32 * 1024 * 1024;
/** How long a slowloris peer holds its connections (a bounded stand-in for "forever"), ms. */
const SLOWLORIS_MS = 600;

const peers = hostilePeerHarness({ tmpPrefix: 'tickdeck-hostile-' });

/** The raw TCP socket under a `ws` socket, to write what a well-behaved peer never would. */
const rawOf = (ws: WebSocket): Socket => (ws as unknown as { _socket: Socket })._socket;

/** A text frame's header claiming `length` payload bytes; clients mask, servers do not. */
function frameHeader(length: number, masked: boolean): Buffer {
  const mask = masked ? Buffer.from([1, 2, 3, 4]) : Buffer.alloc(0);
  const bit = masked ? 0x80 : 0;
  if (length < 126) return Buffer.concat([Buffer.from([0x81, bit | length]), mask]);
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(length));
  return Buffer.concat([Buffer.from([0x81, bit | 127]), size, mask]);
}

/** Invalid UTF-8 in a text frame: the receiver must close with 1007. */
const BAD_UTF8 = Buffer.from([0xc3, 0x28, 0xa0, 0xa1]);

/** What a hostile client says to one kind of server. */
interface ServerLanguage {
  readonly numbers: readonly string[];
  readonly unknown: readonly string[];
  readonly deep: string;
  subscribe(id: number): string;
}

interface ServerTarget {
  /** Where hostile clients connect (holding any secret: the worst case). */
  readonly url: string;
  readonly limitBytes: number;
  readonly language: ServerLanguage;
  readonly bystander: Bystander;
  /** Origin header a page would send, when the server requires one. */
  readonly origin?: string;
}

function openPeer(target: ServerTarget): Promise<WebSocket> {
  const ws = new WebSocket(target.url, target.origin ? { origin: target.origin } : {});
  ws.on('error', () => {});
  peers.defer(() => ws.terminate());
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('close', () => reject(new Error('hostile peer refused')));
  });
}

/** Resolves when the peer's socket closed, or after `ms`, whichever is first. */
function closedOrAfter(ws: WebSocket, ms: number): Promise<number | null> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const FEED_LANGUAGE: ServerLanguage = {
  numbers: [
    '{"op":"subscribe","id":-1,"instruments":["*"],"conflateMs":1e308}',
    '{"op":"subscribe","id":1e308,"instruments":["*"],"conflateMs":-5}',
    '{"op":"subscribe","id":9007199254740993,"instruments":["*"],"resume":{"I0":-1e308,"I1":1e308}}',
    '{"op":"replay","id":2,"action":"seek","to":-1e308}',
    '{"op":"replay","id":3,"action":"seek","to":1e308}',
    '{"op":"replay","id":4,"action":"speed","speed":1e308}',
    '{"op":"replay","id":5,"action":"resume","to":-1}',
    '{"op":"unsubscribe","id":-0,"instruments":["*"]}',
  ],
  unknown: [
    '{"op":"shutdown","id":1}',
    '{"op":"hello","id":2}',
    '{"op":"ticks","ticks":[]}',
    '{"id":3}',
    '{"op":"subscribe","id":4,"instruments":["NOPE"]}',
  ],
  deep: `{"op":"subscribe","id":1,"instruments":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
  subscribe: (id) => `{"op":"subscribe","id":${id},"instruments":["*"],"snapshot":true}`,
};

const PAGE_LANGUAGE: ServerLanguage = {
  numbers: [
    '{"type":"ack","seq":1e308}',
    '{"type":"ack","seq":-1}',
    '{"type":"invoke","id":-1,"channel":"settings:update","args":[{"batchHz":1e308}]}',
    '{"type":"invoke","id":2,"channel":"settings:update","args":[{"batchHz":-5,"theme":1e308}]}',
    '{"type":"invoke","id":3,"channel":"replay:control","args":[{"action":"seek","to":-1e308}]}',
  ],
  unknown: [
    '{"type":"shutdown"}',
    '{"type":"invoke","id":4,"channel":"shell:exec","args":["rm -rf /"]}',
    '{"type":"invoke","id":5,"channel":"__proto__","args":[]}',
  ],
  deep: `{"type":"invoke","id":1,"channel":"settings:get","args":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
  subscribe: (id) => `{"type":"invoke","id":${id},"channel":"settings:get","args":[]}`,
};

/** Each hostile client, against a server. */
const SERVER_ATTACKS: Record<string, (t: ServerTarget) => Promise<void>> = {
  'oversize frame': async (t) => {
    const ws = await openPeer(t);
    ws.send('x'.repeat(t.limitBytes + 1024));
    expect(await closedOrAfter(ws, BYSTANDER_WAIT_MS)).toBe(1009);
  },
  'malformed JSON and bad UTF-8': async (t) => {
    const ws = await openPeer(t);
    for (const text of MALFORMED) ws.send(text);
    await closedOrAfter(ws, HARM_MS);
    const utf8 = await openPeer(t);
    utf8.send(BAD_UTF8, { binary: false });
    expect(await closedOrAfter(utf8, BYSTANDER_WAIT_MS)).toBe(1007);
  },
  'deep nesting': async (t) => {
    const ws = await openPeer(t);
    ws.send(t.language.deep);
    await closedOrAfter(ws, HARM_MS);
  },
  'huge and negative numbers': async (t) => {
    const ws = await openPeer(t);
    for (const text of t.language.numbers) if (ws.readyState === ws.OPEN) ws.send(text);
    await closedOrAfter(ws, HARM_MS);
  },
  'unknown ops': async (t) => {
    const ws = await openPeer(t);
    for (const text of t.language.unknown) if (ws.readyState === ws.OPEN) ws.send(text);
    await closedOrAfter(ws, HARM_MS);
  },
  'flood of subscribes': async (t) => {
    const ws = await openPeer(t);
    for (let id = 1; id <= 500 && ws.readyState === ws.OPEN; id++)
      ws.send(t.language.subscribe(id));
    await closedOrAfter(ws, HARM_MS);
  },
  'slowloris: half a handshake, and subscribers that never read': async (t) => {
    const { hostname, port } = new URL(t.url);
    for (let i = 0; i < 20; i++) {
      const socket = connectTcp(Number(port), hostname);
      socket.on('error', () => {});
      peers.defer(() => socket.destroy());
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n');
    }
    for (let i = 0; i < 3; i++) {
      const ws = await openPeer(t);
      ws.send(t.language.subscribe(1));
      rawOf(ws).pause();
    }
    await sleep(SLOWLORIS_MS);
  },
  'abrupt close mid-frame': async (t) => {
    for (let i = 0; i < 5; i++) {
      const ws = await openPeer(t);
      const raw = rawOf(ws);
      raw.write(Buffer.concat([frameHeader(1_000, true), Buffer.from('{"op":"subs')]));
      raw.destroy();
    }
  },
};

/** Runs every attack against a server target, each followed by the checks. */
function attackServer(name: string, setUp: () => Promise<ServerTarget>): void {
  describe(`${name}, attacked by hostile clients`, () => {
    let target: ServerTarget;
    let heapBefore = 0;
    beforeAll(async () => {
      target = await setUp();
      await stillReceiving(target.bystander);
      heapBefore = process.memoryUsage().heapUsed;
    });
    for (const [attack, run] of Object.entries(SERVER_ATTACKS))
      it(`${attack}: stays up, the bystander keeps its data`, async () => {
        const before = peers.errors.length;
        await run(target);
        await stillReceiving(target.bystander);
        expect(peers.errors.slice(before)).toEqual([]);
      });
    it(`heap grew by less than ${MAX_HEAP_GROWTH_BYTES / 2 ** 20} MiB`, () => {
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    });
  });
}

async function recording(name: string): Promise<string> {
  const dir = join(peers.root, name);
  // 60 s of recorded time: a bystander at 1x never reaches the end during the module.
  await writeSyntheticRecording(dir, { messages: 6_000, stepMs: 10 });
  return dir;
}

attackServer('the simulator', async () => {
  const sim = await peers.simulator();
  return {
    url: sim.url,
    limitBytes: MAX_CLIENT_FRAME_BYTES,
    language: FEED_LANGUAGE,
    bystander: await peers.tickCounter(sim.url),
  };
});

attackServer('the standalone replay server', async () => {
  const server = await startReplayServer({ dir: await recording('standalone'), loop: true });
  peers.defer(() => server.close());
  return {
    url: server.url,
    limitBytes: MAX_CLIENT_FRAME_BYTES,
    language: FEED_LANGUAGE,
    bystander: await peers.tickCounter(server.url),
  };
});

attackServer('the in-app replay server (a peer that stole its secret)', async () => {
  const engine = createFeedEngine({ feed: 'ws://127.0.0.1:9', batchHz: 30 });
  peers.defer(() => engine.close());
  let url = '';
  const controller = new ReplayController({
    engine: {
      openReplay: (feed, source) => ((url = feed), engine.openReplay(feed, source)),
      closeReplay: () => engine.closeReplay(),
      sendReplayControl: (r) => engine.sendReplayControl(r),
      onReplayFrame: (l) => engine.onReplayFrame(l),
      setReplayView: (v) => engine.setReplayView(v),
    },
  });
  peers.defer(() => controller.close());
  await controller.open(await recording('in-app'));
  let ticks = 0;
  engine.onRawFrame((text) => text.startsWith('{"op":"ticks"') && ticks++);
  return {
    url,
    limitBytes: MAX_CLIENT_FRAME_BYTES,
    language: FEED_LANGUAGE,
    bystander: { received: () => ticks },
  };
});

attackServer('the browser-mode page socket (a page holding the token)', async () => {
  await writeFile(join(peers.root, 'index.html'), '<!doctype html><title>t</title>');
  const app: AppHost = await createAppHost({
    settingsPath: null,
    simulator: { seed: 3, rate: 500, heartbeatMs: 100 },
    recordingsDir: join(peers.root, 'recordings'),
  });
  peers.defer(() => app.close());
  const web: WebHost = await startWebHost({ port: 0, rendererDir: peers.root, appHost: app });
  peers.defer(() => web.close());
  const url = `ws://127.0.0.1:${web.port}/api?token=${web.token}`;
  const origin = `http://127.0.0.1:${web.port}`;
  const page = new WebSocket(url, { origin });
  peers.defer(() => page.terminate());
  let batches = 0;
  page.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { type: string; batch?: { seq: number } };
    if (msg.type !== 'batch') return;
    batches++;
    page.send(JSON.stringify({ type: 'ack', seq: msg.batch!.seq }));
  });
  await new Promise((resolve) => page.once('open', resolve));
  return {
    url,
    origin,
    limitBytes: MAX_CLIENT_MESSAGE_BYTES,
    language: PAGE_LANGUAGE,
    bystander: { received: () => batches },
  };
});

/** A hostile server's connection to the engine, as the attacks use it. */
interface ServerSide {
  readonly socket: WebSocket;
  send(text: string): void;
}

/** What a hostile server says to one kind of client. */
interface ClientLanguage {
  readonly numbers: readonly string[];
  readonly unknown: readonly string[];
  readonly deep: string;
  flood(n: number): string;
}

/** Each hostile server, against the engine; resolves once the harm is done. */
const CLIENT_ATTACKS: Record<string, (s: ServerSide, l: ClientLanguage) => Promise<void>> = {
  'oversize frame (announces 1 GiB)': async (s) => {
    rawOf(s.socket).write(frameHeader(2 ** 30, false));
    await closedOrAfter(s.socket, BYSTANDER_WAIT_MS);
  },
  'malformed JSON and bad UTF-8': async (s) => {
    for (const text of MALFORMED) s.send(text);
    s.socket.send(BAD_UTF8, { binary: false });
    await closedOrAfter(s.socket, BYSTANDER_WAIT_MS);
  },
  'deep nesting': async (s, l) => {
    s.send(l.deep);
    await sleep(HARM_MS);
  },
  'huge and negative numbers': async (s, l) => {
    for (const text of l.numbers) s.send(text);
    await sleep(HARM_MS);
  },
  'unknown ops': async (s, l) => {
    for (const text of l.unknown) s.send(text);
    await sleep(HARM_MS);
  },
  'flood of 5,000 frames': async (s, l) => {
    for (let n = 1; n <= 5_000; n++) s.send(l.flood(n));
    await sleep(HARM_MS);
  },
  'slowloris: goes silent': async (s) => {
    await closedOrAfter(s.socket, SLOWLORIS_MS);
  },
  'abrupt close mid-frame': async (s) => {
    const raw = rawOf(s.socket);
    raw.write(Buffer.concat([frameHeader(1_000, false), Buffer.from('{"op":"tic')]));
    raw.destroy();
  },
};

/** Runs every attack against a client, each on a fresh connection, followed by the checks. */
function attackClient(
  name: string,
  language: ClientLanguage,
  setUp: () => Promise<{ next(): Promise<ServerSide>; close(): Promise<void> }>,
): void {
  describe(`${name}, attacked by a hostile server`, () => {
    let client: Awaited<ReturnType<typeof setUp>>;
    let bystander: Bystander;
    let heapBefore = 0;
    beforeAll(async () => {
      bystander = await peers.healthyBystander();
      client = await setUp();
      heapBefore = process.memoryUsage().heapUsed;
    });
    afterAll(() => client.close());
    for (const [attack, run] of Object.entries(CLIENT_ATTACKS))
      it(`${attack}: stays up, the bystander keeps its data`, async () => {
        const before = peers.errors.length;
        await run(await client.next(), language);
        await stillReceiving(bystander);
        expect(peers.errors.slice(before)).toEqual([]);
      });
    it(`heap grew by less than ${MAX_HEAP_GROWTH_BYTES / 2 ** 20} MiB`, () => {
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    });
  });
}

const TICKDECK_HELLO = JSON.stringify({
  op: 'hello',
  protocol: 1,
  heartbeatMs: 100,
  instruments: [{ id: 'ACME', kind: 'market', name: 'Acme', tickSize: 0.01, decimals: 2 }],
});
const quote = (seq: number, bid: number | string, ts: number | string = 1_764_100_000_000) =>
  `{"op":"ticks","ticks":[{"instrument":"ACME","seq":${seq},"ts":${ts},"kind":"quote","bid":${bid},"ask":101,"bidSize":1,"askSize":1}]}`;

attackClient(
  'the engine on a Tickdeck feed',
  {
    numbers: [
      quote(-1, 100),
      quote(1e308, 100),
      quote(2, '1e400'),
      quote(3, '-1e308'),
      quote(4, 100, '-1e308'),
      '{"op":"snapshot","instrument":"ACME","seq":-5,"state":{"kind":"market","bid":-1e308}}',
      '{"op":"heartbeat","ts":1e400}',
      '{"op":"status","id":1e308,"ok":false,"error":{"code":"INTERNAL","message":"x"}}',
    ],
    unknown: [
      '{"op":"shutdown"}',
      '{"op":"eval","code":"process.exit()"}',
      quote(9, 100).replace('ACME', 'NOPE'),
    ],
    deep: `{"op":"ticks","ticks":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    flood: (n) => quote(n, 100 + (n % 7)),
  },
  async () => {
    const connections: ServerSide[] = [];
    const server: ListeningSockets = await listenSockets({
      host: '127.0.0.1',
      port: 0,
      maxPayloadBytes: MAX_CLIENT_FRAME_BYTES,
      onConnection: (socket) => {
        socket.send(TICKDECK_HELLO);
        connections.push({ socket, send: (text) => socket.send(text) });
      },
    });
    const url = `ws://127.0.0.1:${server.port}`;
    const engine: FeedEngine = createFeedEngine({
      feed: url,
      batchHz: 30,
      backoff: { baseMs: 20, capMs: 100 },
    });
    return {
      async next() {
        // A fresh connection per attack: the last one may be dead or closing.
        const count = connections.length;
        await engine.connect(url);
        await until(() => connections.length > count, BYSTANDER_WAIT_MS);
        return connections.at(-1)!;
      },
      async close() {
        await engine.close();
        await server.close(1001, 'test over', 100);
      },
    };
  },
);

/** Turns every number in an exchange message (bare or quoted) into `value`. */
const withNumbers = (message: string, value: string) =>
  message
    .replace(/"-?\d+(\.\d+)?"/g, `"${value}"`)
    .replace(/(:\s*)-?\d+(\.\d+)?(?=\s*[,}\]])/g, `$1${value}`);

const EXCHANGES: readonly { exchange: Exchange; symbols: string[]; data: string }[] = [
  { exchange: 'binance', symbols: ['bnbbtc'], data: BINANCE_TRADE },
  { exchange: 'coinbase', symbols: ['ETH-USD'], data: COINBASE_TICKER },
  { exchange: 'kraken', symbols: ['ALGO/USD'], data: KRAKEN_TICKER_UPDATE },
  { exchange: 'polymarket-sports', symbols: [], data: POLYMARKET_NFL },
];

for (const { exchange, symbols, data } of EXCHANGES)
  attackClient(
    `the ${exchange} adapter`,
    {
      numbers: ['1e400', '-1e308', '1e308', '-1', '9007199254740993'].map((v) =>
        withNumbers(data, v),
      ),
      unknown: [
        '{"type":"evil"}',
        '{"channel":"evil","type":"update","data":[{}]}',
        '{"e":"evil"}',
      ],
      deep: `{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      flood: () => data,
    },
    async () => {
      const h: Harness = await harness(exchange, symbols, {
        rules: { heartbeatMs: 100 },
        backoff: { baseMs: 20, capMs: 100 },
      });
      const seen = new Set<MockClient>();
      return {
        async next() {
          // A fresh connection per attack: the last one may be dead or closing.
          const count = h.exchange.clients.length;
          await h.engine.connect(`${exchange}${symbols.length ? `:${symbols.join(',')}` : ''}`);
          const client = await h.exchange.until(
            () => h.exchange.clients.length > count && h.exchange.clients.at(-1),
          );
          if (!seen.has(client)) client.socket.on('error', () => {});
          seen.add(client);
          return { socket: client.socket, send: (text) => client.socket.send(text) };
        },
        close: () => h.close(),
      };
    },
  );
