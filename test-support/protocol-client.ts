/**
 * A protocol client for the simulator's tests: a real `ws` socket that decodes every frame
 * with the protocol's decoder (so a malformed server message fails the test) and lets a test
 * wait for the message it expects.
 */
import WebSocket from 'ws';
import type { ServerMessage, Tick } from '../protocol/feed';
import { decodeServerMessage } from '../protocol/decode';

const DEFAULT_WAIT_MS = 5_000;

/** How a connection ended. */
export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** One test connection and everything it received. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<Closed>;
  private waiters: (() => void)[] = [];
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const decoded = decodeServerMessage(data.toString());
      if (!decoded.ok) throw new Error(`server sent an invalid message: ${decoded.error.message}`);
      this.messages.push(decoded.value);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  /** Connects and waits for the socket to open. */
  static async connect(url: string, options?: WebSocket.ClientOptions): Promise<TestClient> {
    const ws = new WebSocket(url, options);
    ws.on('error', () => {});
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('close', () => reject(new Error('closed before open')));
    });
    return client;
  }

  /** Sends a request with the next id (unless it has one); returns the id. */
  request(body: Record<string, unknown>): number {
    const id = (body.id as number | undefined) ?? this.nextId++;
    this.ws.send(JSON.stringify({ id, ...body }));
    return id;
  }

  /** Waits until `found` returns a value for the messages so far; rejects after `timeoutMs`. */
  async waitFor<T>(
    found: (messages: readonly ServerMessage[]) => T | undefined,
    what: string,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found(this.messages);
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The status reply to request `id`. */
  status(id: number): Promise<Extract<ServerMessage, { op: 'status' }>> {
    return this.waitFor(
      (ms) => ms.find((m) => m.op === 'status' && m.id === id) as never,
      `status ${id}`,
    );
  }

  /** Every tick received so far, in order. */
  ticks(): Tick[] {
    return this.messages.flatMap((m) => (m.op === 'ticks' ? m.ticks : []));
  }

  /** Waits until at least `count` ticks have arrived. */
  async waitForTicks(count: number, timeoutMs?: number): Promise<Tick[]> {
    await this.waitFor(
      (ms) => (countTicks(ms) >= count ? true : undefined),
      `${count} ticks`,
      timeoutMs,
    );
    return this.ticks();
  }

  /** Closes the socket (no-op when already closed). */
  close(): void {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
  }
}

function countTicks(messages: readonly ServerMessage[]): number {
  let n = 0;
  for (const m of messages) if (m.op === 'ticks') n += m.ticks.length;
  return n;
}

/**
 * Checks the continuity rule over ticks in arrival order, starting from each instrument's
 * snapshot seq when one arrived; returns the first violation, or null.
 */
export function continuityViolation(messages: readonly ServerMessage[]): string | null {
  const last = new Map<string, number>();
  for (const m of messages) {
    if (m.op === 'snapshot') last.set(m.instrument, m.seq);
    if (m.op !== 'ticks') continue;
    for (const t of m.ticks) {
      const prev = last.get(t.instrument);
      if (prev !== undefined && t.seq !== prev + (t.conflated ?? 1)) {
        return `${t.instrument}: seq ${t.seq} after ${prev} (conflated ${t.conflated ?? 1})`;
      }
      last.set(t.instrument, t.seq);
    }
  }
  return null;
}
