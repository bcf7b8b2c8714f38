import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Batch } from '../../protocol/batch';
import type { TickdeckApi } from '../../protocol/ipc';
import { createWebApi, getApi, RECONNECT_MIN_MS } from './bridge';

/** A stand-in for the browser WebSocket that records what the page sends. */
class FakeSocket {
  static readonly OPEN = 1;
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {}
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

let sockets: FakeSocket[];
const location = { protocol: 'http:', host: '127.0.0.1:5180', search: '?token=abc%2F1' };
const make = () =>
  createWebApi(location, (url) => {
    const s = new FakeSocket(url);
    sockets.push(s);
    return s as unknown as WebSocket;
  });

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('bridge (browser mode)', () => {
  it('connects to the host socket on the page origin with the page token', () => {
    const api = make();
    expect(api.host).toBe('web');
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:5180/api?token=abc%2F1');
  });

  it('sends invokes once open and resolves or rejects them with the host answer', async () => {
    const api = make();
    const ok = api.invoke('settings:get');
    const bad = api.invoke('feed:connect', 'ws://x:1');
    expect(sockets[0]!.sent).toEqual([]); // queued until open
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([
      { type: 'invoke', id: 1, channel: 'settings:get', args: [] },
      { type: 'invoke', id: 2, channel: 'feed:connect', args: ['ws://x:1'] },
    ]);
    sockets[0]!.receive({ type: 'result', id: 1, ok: true, value: { theme: 'light' } });
    sockets[0]!.receive({ type: 'result', id: 2, ok: false, error: 'feed: refused' });
    await expect(ok).resolves.toEqual({ theme: 'light' });
    await expect(bad).rejects.toThrow('feed: refused');
  });

  it('delivers batches and events, and acks over the socket', () => {
    const api = make();
    sockets[0]!.open();
    const batches: Batch[] = [];
    const notices: unknown[] = [];
    api.onBatch((b) => batches.push(b));
    api.on('app:notice', (n) => notices.push(n));
    sockets[0]!.receive({ type: 'batch', batch: { seq: 4 } });
    sockets[0]!.receive({
      type: 'event',
      channel: 'app:notice',
      payload: { level: 'info', message: 'hi' },
    });
    api.ack(4);
    expect(batches.map((b) => b.seq)).toEqual([4]);
    expect(notices).toEqual([{ level: 'info', message: 'hi' }]);
    expect(sockets[0]!.sent).toEqual([{ type: 'ack', seq: 4 }]);
  });

  it('reconnects when the host goes away, failing what was in flight and telling the user', async () => {
    const api = make();
    const notices: { message: string }[] = [];
    api.on('app:notice', (n) => notices.push(n));
    let reconnects = 0;
    api.on('app:reconnected', () => reconnects++);
    sockets[0]!.open();
    expect(reconnects).toBe(0); // the first open is a connect
    const pending = api.invoke('settings:get');
    sockets[0]!.drop();
    await expect(pending).rejects.toThrow(/closed/);
    expect(notices.at(-1)!.message).toMatch(/Lost the connection/);
    vi.advanceTimersByTime(RECONNECT_MIN_MS);
    expect(sockets).toHaveLength(2);
    // Retries that fail say nothing more: the outage was told once.
    sockets[1]!.drop();
    vi.advanceTimersByTime(2 * RECONNECT_MIN_MS);
    sockets[2]!.drop();
    vi.advanceTimersByTime(4 * RECONNECT_MIN_MS);
    expect(notices.map((n) => n.message)).toEqual([
      'Lost the connection to the Tickdeck host; reconnecting.',
    ]);
    sockets[3]!.open();
    expect(notices.at(-1)!.message).toMatch(/Reconnected/);
    // The next outage is told again.
    sockets[3]!.drop();
    expect(notices.at(-1)!.message).toMatch(/Lost the connection/);
    expect(notices).toHaveLength(3);
    // What the host pushed meanwhile was missed: the page's parts fetch it again.
    expect(reconnects).toBe(1);
  });

  it('declares the interest over the socket, and again on each new socket', () => {
    const api = make();
    const interest = { rows: ['A', 'B'], charted: ['B'], selected: 'B' };
    api.declareInterest(interest); // not open yet: sent when it opens
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([{ type: 'interest', ...interest }]);
    sockets[0]!.drop();
    vi.advanceTimersByTime(RECONNECT_MIN_MS);
    sockets[1]!.open();
    expect(sockets[1]!.sent).toEqual([{ type: 'interest', ...interest }]);
  });

  it('uses the Electron preload API when present', () => {
    const desktop = { host: 'desktop' } as TickdeckApi;
    window.tickdeck = desktop;
    expect(getApi()).toBe(desktop);
    delete window.tickdeck;
  });
});
