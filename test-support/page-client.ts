/**
 * A dashboard page's side of the browser-mode socket, without a browser: connects to the web
 * host from the page's URL (token and origin as a page sends them), declares what the page
 * shows, and takes batches as the renderer does: parses each and acks it, so the host sends the
 * next. Counts batches and alert events, and keeps the worker's event-loop lag each batch's
 * health reports. For benches that need a consumer but not Chromium's CPU.
 */
import { once } from 'node:events';
import WebSocket from 'ws';
import type { Batch } from '../protocol/batch';
import type { Interest } from '../protocol/interest';
import { WEB_SOCKET_PATH, WEB_TOKEN_PARAM } from '../protocol/web';

/** What the page received since the previous {@link PageClient.take}. */
export interface PageTake {
  readonly batches: number;
  readonly alerts: number;
  /** `health.eventLoopLagP99Ms` of each batch that reported one (one figure a second, repeated). */
  readonly lagP99Ms: readonly number[];
}

export class PageClient {
  private batches = 0;
  private alerts = 0;
  private lagP99Ms: number[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('{"type":"batch"')) {
        const { batch } = JSON.parse(text) as { batch: Batch };
        ws.send(JSON.stringify({ type: 'ack', seq: batch.seq }));
        this.batches++;
        const lag = batch.health.eventLoopLagP99Ms;
        if (lag !== null) this.lagP99Ms.push(lag);
      } else if (text.startsWith('{"type":"event"') && text.includes('"channel":"alert:fired"'))
        this.alerts++;
    });
  }

  /** Connects to the web host serving `pageUrl` and declares `interest`. */
  static async connect(pageUrl: string, interest: Interest): Promise<PageClient> {
    const url = new URL(pageUrl);
    const token = url.searchParams.get(WEB_TOKEN_PARAM) ?? '';
    const ws = new WebSocket(
      `ws://${url.host}${WEB_SOCKET_PATH}?${WEB_TOKEN_PARAM}=${encodeURIComponent(token)}`,
      { origin: url.origin },
    );
    const client = new PageClient(ws);
    await once(ws, 'open');
    ws.send(JSON.stringify({ type: 'interest', ...interest }));
    return client;
  }

  /** What arrived since the last call. */
  take(): PageTake {
    const taken = { batches: this.batches, alerts: this.alerts, lagP99Ms: this.lagP99Ms };
    this.batches = this.alerts = 0;
    this.lagP99Ms = [];
    return taken;
  }

  close(): void {
    this.ws.terminate();
  }
}
