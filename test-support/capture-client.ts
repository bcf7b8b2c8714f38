/**
 * A minimal protocol client for tests: connects, keeps every frame (raw text and parsed), and
 * waits for the frame that matches a predicate, with a bounded timeout.
 */
import WebSocket from 'ws';

/** A received frame. */
export interface Received {
  readonly raw: string;
  readonly msg: { readonly op: string; readonly [key: string]: unknown };
  readonly at: number;
}

export class TestClient {
  readonly frames: Received[] = [];
  private waiters: { test: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const raw = data.toString();
      const r: Received = { raw, msg: JSON.parse(raw) as Received['msg'], at: performance.now() };
      this.frames.push(r);
      this.waiters = this.waiters.filter((w) => (w.test(r) ? (w.resolve(r), false) : true));
    });
  }

  static async connect(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Sends a request with a fresh id; returns the id. */
  send(request: Record<string, unknown>): number {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ ...request, id }));
    return id;
  }

  /** The first frame (already received or future) matching `test`, after index `from`. */
  waitFor(test: (r: Received) => boolean, timeoutMs = 5_000, from = 0): Promise<Received> {
    const seen = this.frames.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching frame within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        test,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** Sends a request and waits for its status reply. */
  async request(request: Record<string, unknown>): Promise<Received> {
    const from = this.frames.length;
    const id = this.send(request);
    return this.waitFor((r) => r.msg.op === 'status' && r.msg.id === id, 5_000, from);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
