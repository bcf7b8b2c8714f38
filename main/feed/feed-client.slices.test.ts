/**
 * A feed client folding frames in slices (FeedClientOptions.sliceTicks, ./frame-slices.ts) over
 * a real socket: every tick handed on once and in order, a large frame across several turns,
 * and what the socket delivered before it closed folded before the disconnect is told.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerMessage } from '../../protocol/feed';
import { FeedClient, type FeedClientHandlers } from './feed-client';
import { tickdeckProtocol } from './tickdeck-protocol';
import { PIECE_BYTES } from './ticks-frame-pieces';
import { trade } from '../../test-support/engine-fixtures';

const servers: WebSocketServer[] = [];
const clients: FeedClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) {
    for (const ws of server.clients) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(onConnection: (ws: WebSocket) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', onConnection);
  servers.push(server);
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const hello = JSON.stringify({ op: 'hello', protocol: 1, heartbeatMs: 1_000, instruments: [] });
const ticksFrame = (from: number, n: number) =>
  JSON.stringify({
    op: 'ticks',
    ticks: Array.from({ length: n }, (_, i) => trade('A', from + i, 100 + i)),
  });

function connect(url: string, sliceTicks: number) {
  const events: string[] = [];
  const frames: string[] = [];
  const calls: { seqs: number[]; continued: boolean }[] = [];
  const handlers: FeedClientHandlers = {
    state: () => {},
    frame: (text) => frames.push(text),
    messages: (messages: readonly ServerMessage[], _at, continued = false) => {
      const seqs = messages.flatMap((m) => (m.op === 'ticks' ? m.ticks.map((t) => t.seq) : []));
      if (seqs.length > 0) calls.push({ seqs, continued });
      for (const seq of seqs) events.push(`tick ${seq}`);
    },
    malformed: (e) => events.push(`malformed: ${e}`),
    lost: () => {},
    problem: () => {},
    connected: () => {},
    disconnected: () => events.push('disconnected'),
  };
  const client = new FeedClient(tickdeckProtocol(url, { kind: 'url', label: url }), handlers, {
    resumePoints: () => new Map(),
    sliceTicks,
  });
  clients.push(client);
  client.start();
  return { events, calls, frames };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const seqs = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('FeedClient with sliceTicks', () => {
  it('hands a large frame on a slice at a time, every tick once, in order', async () => {
    const url = await serve((ws) => {
      ws.send(hello);
      ws.send(ticksFrame(1, 25));
      ws.send(ticksFrame(26, 3));
    });
    const { calls } = connect(url, 10);
    await until(() => calls.flatMap((c) => c.seqs).length === 28);
    expect(calls.flatMap((c) => c.seqs)).toEqual(seqs(1, 28));
    expect(calls.map((c) => c.seqs.length)).toEqual([10, 10, 5, 3]);
    expect(calls.map((c) => c.continued)).toEqual([false, true, true, false]);
  });

  it('decodes a large ticks frame a piece a turn, and records it once, whole', async () => {
    const large = ticksFrame(1, 4_000);
    expect(large.length).toBeGreaterThan(2 * PIECE_BYTES);
    const url = await serve((ws) => {
      ws.send(hello);
      ws.send(large);
      ws.send(ticksFrame(4_001, 2));
    });
    const { calls, frames } = connect(url, 1_000);
    await until(() => calls.flatMap((c) => c.seqs).length === 4_002);
    expect(calls.flatMap((c) => c.seqs)).toEqual(seqs(1, 4_002));
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.map((c) => c.continued)).toEqual([
      false,
      ...calls.slice(1, -1).map(() => true),
      false,
    ]);
    expect(frames).toEqual([hello, large, ticksFrame(4_001, 2)]);
  });

  it('refuses a hostile piece of a cut frame by name, keeps the connection and the frames after it', async () => {
    // A large frame whose last tick is broken: cut, its last piece is refused as malformed
    // (whole, the frame was), and the pieces before it fold; the feed's next frame follows.
    const large = ticksFrame(1, 4_000).replace('"seq":4000,', '"seq":"4000",');
    expect(large).toContain('"seq":"4000"');
    const url = await serve((ws) => {
      ws.send(hello);
      ws.send(large);
      ws.send(ticksFrame(4_001, 2));
    });
    const { events, calls } = connect(url, 1_000);
    await until(() => events.includes('tick 4002'));
    const malformed = events.filter((e) => e.startsWith('malformed'));
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatch(/seq/);
    expect(events).not.toContain('disconnected');
    const taken = calls.flatMap((c) => c.seqs);
    expect(taken).not.toContain(4_000);
    expect(taken.slice(-2)).toEqual([4_001, 4_002]);
    expect(taken).toEqual([...taken].sort((a, b) => a - b));
  });

  it('folds what the socket delivered before telling that it closed', async () => {
    const url = await serve((ws) => {
      ws.send(hello);
      ws.send(ticksFrame(1, 40));
      ws.send(ticksFrame(41, 40), () => ws.close(1001, 'going away'));
    });
    const { events } = connect(url, 10);
    await until(() => events.includes('disconnected'));
    expect(events).toEqual([...seqs(1, 80).map((s) => `tick ${s}`), 'disconnected']);
  });
});
