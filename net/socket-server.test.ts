import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { listenSockets, type ListeningSockets } from './socket-server';
import { watchProcessErrors, type ProcessErrors } from '../test-support/process-errors';

const MAX_PAYLOAD_BYTES = 1024;
let server: ListeningSockets | null = null;
let watch: ProcessErrors | null = null;
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  await server?.close(1001, 'test over', 100);
  server = null;
  watch?.stop();
  watch = null;
});

/** An echo server that refuses upgrades to any path but `/`. */
async function start(): Promise<ListeningSockets> {
  watch = watchProcessErrors();
  server = await listenSockets({
    host: '127.0.0.1',
    port: 0,
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
    checkUpgrade: (req) => (req.url === '/' ? null : { status: 404, reason: 'Not found' }),
    onConnection: (ws) => ws.on('message', (data) => ws.send(String(data))),
  });
  return server;
}

function open(port: number, path = '/'): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  clients.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

const closeOf = (ws: WebSocket): Promise<number> =>
  new Promise((resolve) => ws.once('close', (code) => resolve(code)));

const echo = (ws: WebSocket, text: string): Promise<string> =>
  new Promise((resolve) => {
    ws.once('message', (data) => resolve(String(data)));
    ws.send(text);
  });

describe('server sockets', () => {
  it('closes a peer that sends a frame over the limit with 1009; the process and a bystander carry on', async () => {
    const { port } = await start();
    const bystander = await open(port);
    const hostile = await open(port);
    const closed = closeOf(hostile);
    hostile.send('x'.repeat(MAX_PAYLOAD_BYTES + 1));
    expect(await closed).toBe(1009);
    expect(await echo(bystander, 'still here')).toBe('still here');
    expect(watch!.errors).toEqual([]);
  });

  it('refuses an upgrade its check refuses, with the status', async () => {
    const { port } = await start();
    await expect(open(port, '/elsewhere')).rejects.toThrow('HTTP 404');
    expect(watch!.errors).toEqual([]);
  });

  it('answers plain HTTP with 426 Upgrade Required', async () => {
    const { port } = await start();
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(426);
  });

  it('survives a peer that resets the connection in the middle of its handshake', async () => {
    const { port } = await start();
    const bystander = await open(port);
    for (let i = 0; i < 5; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
      socket.resetAndDestroy();
    }
    expect(await echo(bystander, 'after resets')).toBe('after resets');
    expect(watch!.errors).toEqual([]);
  });

  it('closes every socket with the given code, then stops listening', async () => {
    const s = await start();
    const ws = await open(s.port);
    const closed = closeOf(ws);
    await s.close(1001, 'bye', 1_000);
    server = null;
    expect(await closed).toBe(1001);
    expect(s.clients.size).toBe(0);
    await expect(open(s.port)).rejects.toThrow();
  });
});
