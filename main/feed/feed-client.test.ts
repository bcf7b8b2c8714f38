import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ConnectionState } from '../../protocol/health';
import type { ServerMessage } from '../../protocol/feed';
import { Backoff } from './backoff';
import { FeedClient } from './feed-client';
import type { FeedClientHandlers } from './feed-client';
import type { ConnectionRules } from './feed-protocol';
import { marketSnapshot } from '../../test-support/engine-fixtures';
import { tickdeckProtocol } from './tickdeck-protocol';
import { startSelfSignedExchange } from '../../test-support/exchange-tls';

const servers: WebSocketServer[] = [];
const clients: FeedClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((s) => closeServer(s)));
});

function closeServer(server: WebSocketServer): Promise<void> {
  for (const ws of server.clients) ws.terminate();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function listen(port = 0, onConnection?: (ws: WebSocket) => void): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise((resolve) => server.once('listening', resolve));
  if (onConnection) server.on('connection', onConnection);
  servers.push(server);
  return server;
}

function urlOf(server: WebSocketServer): string {
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const hello = (heartbeatMs = 1_000) =>
  JSON.stringify({ op: 'hello', protocol: 1, heartbeatMs, instruments: [] });
const heartbeat = () => JSON.stringify({ op: 'heartbeat', ts: Date.now() });

function record(
  url: string,
  options: {
    backoff?: Backoff;
    resume?: Map<string, number>;
    rules?: ConnectionRules;
    resyncTimeoutMs?: number;
  } = {},
) {
  const states: ConnectionState[] = [];
  const stateTimes: number[] = [];
  const messages: ServerMessage[] = [];
  const malformed: string[] = [];
  const events: string[] = [];
  const handlers: FeedClientHandlers = {
    state: (s) => {
      states.push(s);
      stateTimes.push(Date.now());
    },
    frame: () => {},
    messages: (m) => messages.push(...m),
    malformed: (e) => malformed.push(e),
    lost: (ids) => events.push(`lost: ${ids.join(', ')}`),
    problem: (message) => events.push(`problem: ${message}`),
    connected: () => events.push('connected'),
    disconnected: (reason) => events.push(`disconnected: ${reason}`),
  };
  const protocol = { ...tickdeckProtocol(url, { kind: 'url', label: url }), rules: options.rules };
  const client = new FeedClient(protocol, handlers, {
    resumePoints: () => options.resume ?? new Map(),
    backoff: options.backoff,
    resyncTimeoutMs: options.resyncTimeoutMs,
  });
  clients.push(client);
  client.start();
  return { client, states, stateTimes, messages, malformed, events };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('FeedClient', () => {
  it('goes live, subscribes to everything and hands over decoded messages', async () => {
    const received: string[] = [];
    const server = await listen(0, (ws) => {
      ws.on('message', (d) => received.push(d.toString()));
      ws.send(hello());
      ws.send(heartbeat());
    });
    const { states, messages } = record(urlOf(server));
    await until(() => messages.length === 2 && received.length === 1);
    expect(states.map((s) => s.state)).toEqual(['connecting', 'live']);
    expect(messages[0]).toMatchObject({ op: 'hello', heartbeatMs: 1_000 });
    expect(JSON.parse(received[0]!)).toEqual({ op: 'subscribe', id: 1, instruments: ['*'] });
  });

  it('rejects a URL that is not ws:// or wss:// with a message naming it', () => {
    const handlers = {} as FeedClientHandlers;
    const make = (url: string) =>
      new FeedClient(tickdeckProtocol(url, { kind: 'url', label: url }), handlers, {
        resumePoints: () => new Map(),
      });
    expect(() => make('http://example.com/feed')).toThrow(/must start with ws:\/\/ or wss:\/\//);
    expect(() => make('ws//nohost')).toThrow(/is not a URL/);
  });

  it('counts malformed frames and keeps going', async () => {
    const server = await listen(0, (ws) => {
      ws.send('{not json');
      ws.send(JSON.stringify({ op: 'ticks', ticks: [{ instrument: 'A', seq: -1 }] }));
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      ws.send(hello());
      ws.send(heartbeat());
    });
    const { states, messages, malformed } = record(urlOf(server));
    await until(() => messages.length === 2);
    expect(malformed).toHaveLength(3);
    expect(malformed[0]).toMatch(/^BAD_JSON/);
    expect(malformed[1]).toMatch(/ticks\[0\]\.seq/);
    expect(states.at(-1)!.state).toBe('live');
  });

  it('reconnects with a jittered exponential schedule and resumes from the last seq', async () => {
    const server = await listen(0, (ws) => {
      ws.send(hello());
      ws.send(heartbeat());
    });
    const port = (server.address() as AddressInfo).port;
    const backoff = new Backoff({ baseMs: 40, capMs: 100, random: () => 0.5 });
    const resume = new Map([['ACME', 41]]);
    const { states, stateTimes, events } = record(urlOf(server), { backoff, resume });
    await until(() => events.includes('connected'));
    await closeServer(servers.pop()!); // the server goes away; the port refuses
    await until(() => states.filter((s) => s.state === 'reconnecting').length >= 5);
    const retries = states.flatMap((s, i) =>
      s.state === 'reconnecting' ? [{ ...s, delay: s.nextRetryAt - stateTimes[i]! }] : [],
    );
    expect(retries.map((s) => s.attempt).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    // Half (random = 0.5) of a ceiling doubling from 40 ms, held at the 100 ms cap.
    expect(retries.map((s) => Math.round(s.delay / 10) * 10).slice(0, 5)).toEqual([
      20, 40, 50, 50, 50,
    ]);
    expect(events[1]).toMatch(/^disconnected/);
    const subscribes: unknown[] = [];
    await listen(port, (ws) => {
      ws.on('message', (d) => subscribes.push(JSON.parse(d.toString())));
      ws.send(hello());
      ws.send(heartbeat());
    });
    await until(() => subscribes.length === 2);
    await until(() => states.at(-1)?.state === 'live');
    expect(subscribes[0]).toMatchObject({ op: 'subscribe', resume: { ACME: 41 } });
    expect(subscribes[1]).toMatchObject({ op: 'subscribe', instruments: ['*'] });
    expect(states.at(-1)).toEqual({ state: 'live' });
  });

  it('is not live while an open socket says nothing', async () => {
    let speak = (): void => {};
    const server = await listen(0, (ws) => (speak = () => ws.send(heartbeat())));
    const { states, events } = record(urlOf(server));
    await until(() => events.includes('connected'));
    // What a NATS desk's gateway is while nats-server is away: open, and silent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(states.map((s) => s.state)).toEqual(['connecting']);
    speak();
    await until(() => states.at(-1)?.state === 'live');
  });

  it('is never live over a hello and snapshots served from store, until a tick or heartbeat', async () => {
    // What a NATS desk's gateway serves while the relay is dead: the stored hello and states,
    // then nothing. Before, each reconnect read LIVE from the hello until the stall.
    let beat = false;
    const server = await listen(0, (ws) => {
      ws.send(hello(50));
      ws.send(
        JSON.stringify({ op: 'snapshot', instrument: 'A', seq: 7, state: marketSnapshot(10) }),
      );
      if (beat) ws.send(heartbeat());
    });
    const { states, events } = record(urlOf(server), {
      backoff: new Backoff({ baseMs: 10, random: () => 0 }),
    });
    await until(() => events.filter((e) => e === 'connected').length >= 3);
    expect(states.map((s) => s.state)).not.toContain('live');
    expect(states.map((s) => s.state)).toContain('stalled');
    // Nothing went live, so the attempts go on counting.
    const attempts = states.flatMap((s) => (s.state === 'connecting' ? [s.attempt] : []));
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
    beat = true; // the relay is back: its first heartbeat makes the next connection live
    await until(() => states.at(-1)?.state === 'live');
  });

  it('says how long since the feed last proved live, not since stored states were served', async () => {
    // A NATS desk whose relay died: STALE "no data for 0.1 s" at each reconnect, over data
    // much older (here the heartbeats' 50 ms make each connection's stall 75 ms).
    let connections = 0;
    const server = await listen(0, (ws) => {
      ws.send(hello(50));
      if (connections++ === 0) ws.send(heartbeat());
      else
        ws.send(
          JSON.stringify({ op: 'snapshot', instrument: 'A', seq: 7, state: marketSnapshot(10) }),
        );
    });
    const { states, stateTimes } = record(urlOf(server), {
      backoff: new Backoff({ baseMs: 10, random: () => 0 }),
    });
    await until(() => connections >= 4);
    const liveAt = stateTimes[states.findIndex((s) => s.state === 'live')]!;
    const last = states.findLastIndex((s) => s.state === 'stalled');
    const stalled = states[last] as { silentMs: number };
    expect(stateTimes[last]! - liveAt).toBeGreaterThan(300);
    expect(stalled.silentMs).toBeGreaterThanOrEqual(stateTimes[last]! - liveAt - 20);
  });

  it('replaces a connection that stays open but goes silent', async () => {
    let connections = 0;
    const server = await listen(0, (ws) => {
      connections++;
      ws.send(hello(50));
      ws.send(heartbeat()); // then nothing: no heartbeat, no data
    });
    const { states, events } = record(urlOf(server), {
      backoff: new Backoff({ baseMs: 10, random: () => 0 }),
    });
    await until(() => events.filter((e) => e === 'connected').length >= 2, 3_000);
    const kinds = states.map((s) => s.state);
    expect(kinds.indexOf('stalled')).toBeGreaterThan(kinds.indexOf('live'));
    const retry = states.find((s) => s.state === 'reconnecting');
    expect(retry).toMatchObject({ reason: expect.stringMatching(/^stalled: no data for/) });
    expect(connections).toBeGreaterThanOrEqual(2);
  });

  it('keeps a connection whose frames only waited while this thread was busy', async () => {
    // The server shares this thread, as the NATS gateway shares the engine's: while the thread
    // is blocked neither sends nor reads, and after a block Node runs due timers before it
    // reads sockets. The blocks are four times the 150 ms after which a silent feed is dead.
    let beats: NodeJS.Timeout | undefined;
    const server = await listen(0, (ws) => {
      ws.send(hello(50));
      beats = setInterval(() => ws.send(JSON.stringify({ op: 'heartbeat', ts: Date.now() })), 20);
    });
    try {
      const { states, events } = record(urlOf(server));
      await until(() => states.at(-1)?.state === 'live');
      for (let i = 0; i < 3; i++) {
        const until = Date.now() + 600;
        while (Date.now() < until); // a long task: a big source's snapshots being folded
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(events).toEqual(['connected']);
      expect(states.map((s) => s.state)).toEqual(['connecting', 'live']);
    } finally {
      clearInterval(beats);
    }
  });

  it('fails without retrying when the server refuses the upgrade with a 4xx', async () => {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (_info, cb) => cb(false, 404, 'Not Found'),
    });
    await new Promise((resolve) => server.once('listening', resolve));
    servers.push(server);
    const { states } = record(urlOf(server));
    await until(() => states.at(-1)?.state === 'failed');
    expect(states.at(-1)).toMatchObject({ reason: expect.stringMatching(/404/) });
  });

  it("keeps a server's close reason as a problem to show, beyond the reconnect that follows", async () => {
    let connections = 0;
    const server = await listen(0, (ws) => {
      if (++connections === 1) ws.close(1008, 'Exceeded msg rate');
      else if (connections === 2) ws.close(4001, 'invalid subscription');
      else if (connections === 3) ws.close(1013, 'no upstream answers');
    });
    const { events } = record(urlOf(server), {
      backoff: new Backoff({ baseMs: 10, random: () => 0 }),
    });
    await until(() => connections === 4);
    // A passing state ("try again later") is told by the reconnect alone.
    expect(events.filter((e) => e.startsWith('problem:'))).toEqual([
      'problem: the server closed the connection: 1008 Exceeded msg rate',
      'problem: the server closed the connection: 4001 invalid subscription',
    ]);
  });

  it("waits as long as a 429's Retry-After asks before trying again, and says so", async () => {
    const attempts: number[] = [];
    const server = createServer((_req, res) => {
      attempts.push(Date.now());
      res.writeHead(429, { 'Retry-After': '1' }).end('rate limited');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { states } = record(url, { backoff: new Backoff({ baseMs: 10, random: () => 0.5 }) });
      await until(() => attempts.length === 2, 5_000);
      expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(950);
      expect(states.find((s) => s.state === 'reconnecting')).toMatchObject({
        reason: 'Unexpected server response: 429; the server asked to wait 1 s',
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails at once, naming the address and why, when a wss:// server presents a self-signed certificate', async () => {
    const exchange = await startSelfSignedExchange();
    try {
      const { states } = record(exchange.url, {
        backoff: new Backoff({ baseMs: 10, random: () => 0 }),
      });
      await until(() => states.at(-1)?.state === 'failed');
      expect(states.at(-1)).toEqual({
        state: 'failed',
        reason: `${exchange.url}: the server's TLS certificate is not trusted (self-signed certificate); not connecting. A private CA can be trusted with NODE_EXTRA_CA_CERTS`,
      });
      // Never retried: each attempt would meet the same certificate.
      await new Promise((r) => setTimeout(r, 100));
      expect(exchange.attempts()).toBe(1);
      expect(states.some((s) => s.state === 'reconnecting')).toBe(false);
    } finally {
      await exchange.close();
    }
  });

  it("honours the feed's limits: paced sends and renewal before the connection age limit", async () => {
    const received: number[] = [];
    let connections = 0;
    const server = await listen(0, (ws) => {
      connections++;
      ws.on('message', () => received.push(Date.now()));
      ws.send(hello());
    });
    const { client, events } = record(urlOf(server), {
      rules: { maxSendPerSecond: 2, maxConnectionAgeMs: 1_500 },
      backoff: new Backoff({ baseMs: 10, random: () => 0 }),
    });
    await until(() => received.length === 1); // the subscribe
    for (const id of ['A', 'B', 'C']) client.resync([id]);
    await until(() => received.length === 4);
    // Two frames in the first second (subscribe + A), then B and C a second later.
    expect(received[2]! - received[0]!).toBeGreaterThanOrEqual(900);
    await until(() => connections === 2, 3_000);
    expect(events).toContain('disconnected: renewing the connection after 1.5 s');
  });

  it('reconnects when a resync snapshot never arrives, naming the instrument, but not when it does', async () => {
    let connections = 0;
    const server = await listen(0, (ws) => {
      connections++;
      ws.send(hello());
      // Answers a snapshot request for A only; B's never comes.
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { snapshot?: boolean; instruments: string[] };
        if (m.snapshot && m.instruments.includes('A'))
          ws.send(
            JSON.stringify({ op: 'snapshot', instrument: 'A', seq: 7, state: marketSnapshot(10) }),
          );
      });
    });
    const { client, states, events, messages } = record(urlOf(server), {
      resyncTimeoutMs: 200,
      backoff: new Backoff({ baseMs: 10, random: () => 0 }),
    });
    await until(() => events.includes('connected'));
    client.resync(['A']);
    await until(() => messages.some((m) => m.op === 'snapshot'));
    await new Promise((r) => setTimeout(r, 400));
    expect(states.some((s) => s.state === 'reconnecting')).toBe(false);
    const askedAt = Date.now();
    client.resync(['B']);
    await until(() => connections === 2);
    expect(Date.now() - askedAt).toBeGreaterThanOrEqual(190);
    const reason = 'resync of B did not complete within 0.2 s; reconnecting';
    expect(states.find((s) => s.state === 'reconnecting')).toMatchObject({ reason });
    expect(events).toContain(`problem: ${reason}`);
  });

  it('never reconnects a replay over a resync: a new connection would restart its playback', async () => {
    let connections = 0;
    const replay = { start: 0, end: 9, position: 0, playing: true, speed: 1, loop: false };
    const server = await listen(0, (ws) => {
      connections++;
      ws.send(
        JSON.stringify({ op: 'hello', protocol: 1, heartbeatMs: 1_000, instruments: [], replay }),
      );
    });
    const { client, states, messages } = record(urlOf(server), { resyncTimeoutMs: 100 });
    await until(() => messages.length === 1);
    client.resync(['A']);
    await new Promise((r) => setTimeout(r, 400));
    expect(connections).toBe(1);
    expect(states.some((s) => s.state === 'reconnecting')).toBe(false);
  });

  it('refuses a hello announcing heartbeatMs 2^53 - 1, so a feed that then goes silent is still found stalled', async () => {
    const server = await listen(0, (ws) => {
      ws.send(hello(50));
      // Adopting this bound would overflow the stall timer: the dead feed would show "live".
      ws.send(hello(Number.MAX_SAFE_INTEGER)); // then nothing
    });
    const { states, malformed } = record(urlOf(server), {
      backoff: new Backoff({ baseMs: 10, random: () => 0 }),
    });
    await until(() => states.some((s) => s.state === 'reconnecting'), 3_000);
    expect(states.find((s) => s.state === 'reconnecting')).toMatchObject({
      reason: expect.stringMatching(/^stalled: no data for/),
    });
    expect(malformed[0]).toMatch(/hello\.heartbeatMs: expected an integer from 10 to 600000/);
  });

  it('close() stops reconnecting and reports closed', async () => {
    const server = await listen(0, (ws) => ws.close(1013, 'full'));
    const { client, states } = record(urlOf(server), {
      backoff: new Backoff({ baseMs: 1_000, random: () => 0.5 }),
    });
    await until(() => states.some((s) => s.state === 'reconnecting'));
    expect(states.find((s) => s.state === 'reconnecting')).toMatchObject({
      reason: 'server closed the connection (1013 full)',
    });
    client.close();
    const count = states.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(states.length).toBe(count);
    expect(states.at(-1)).toEqual({ state: 'closed' });
  });
});
