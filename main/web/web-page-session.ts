/**
 * One browser page on the web host's socket: the page is an engine consumer (batches, acked
 * like Electron's), it hears host events, and its `invoke` messages reach the app host, which
 * validates them as it does Electron IPC. A page that stops answering pings is dropped.
 */
import type { WebSocket } from 'ws';
import type { Batch } from '../../protocol/batch';
import type { HostEventChannel, HostEvents } from '../../protocol/ipc';
import { parseClientMessage } from '../../protocol/page-messages';
import type { WebClientMessage, WebHostMessage } from '../../protocol/web';
import type { BatchConsumer } from '../feed/batch-consumer';
import { MAX_PAGE_COMMANDS_IN_FLIGHT } from '../host/command-handlers';

/** What the web host needs from the app core (`AppHost` from ./host satisfies it). */
export interface WebHostBackend {
  invoke(
    channel: string,
    args: readonly unknown[],
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: string }>;
  attach(send: (batch: Batch) => void): BatchConsumer;
  onEvent(
    listener: (channel: HostEventChannel, payload: HostEvents[HostEventChannel]) => void,
  ): () => void;
}

/** A page that answers no ping for this long is dropped (its consumer detached). */
export const PING_INTERVAL_MS = 15_000;
/**
 * Unsent bytes at which a page is closed as too far behind. Batches wait for acks, but answers
 * and events do not: a page that sends commands and never reads would otherwise grow the host
 * without bound. Far above the largest answer (an alerts view of 10,000 rules, a few MiB).
 */
export const MAX_PAGE_BACKLOG_BYTES = 64 * 1024 * 1024;
const MIB = 1024 * 1024;

type Invoke = Extract<WebClientMessage, { type: 'invoke' }>;

/** Serves one connected page until its socket closes. */
export function connectPage(ws: WebSocket, backend: WebHostBackend): void {
  let alive = true;
  const send = (msg: WebHostMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    // Once closing, nothing more is queued; a peer that never reads the close frame is cut
    // off by ws's close timeout.
    if (ws.bufferedAmount > MAX_PAGE_BACKLOG_BYTES) {
      return ws.close(1008, `too far behind: ${Math.round(ws.bufferedAmount / MIB)} MiB unsent`);
    }
    ws.send(JSON.stringify(msg));
  };
  const consumer = backend.attach((batch) => send({ type: 'batch', batch }));
  const offEvents = backend.onEvent((channel, payload) =>
    send({ type: 'event', channel, payload }),
  );
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_INTERVAL_MS);
  ws.on('pong', () => (alive = true));
  let inFlight = 0;
  const waiting: Invoke[] = [];
  const answer = (id: number, r: Awaited<ReturnType<WebHostBackend['invoke']>>) =>
    send(
      r.ok
        ? { type: 'result', id, ok: true, value: r.value }
        : { type: 'result', id, ok: false, error: r.error },
    );
  const run = (msg: Invoke): void => {
    inFlight++;
    backend
      .invoke(msg.channel, msg.args)
      .then(
        (r) => answer(msg.id, r),
        (err: unknown) =>
          answer(msg.id, { ok: false, error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        inFlight--;
        // A page that closed meanwhile still has its commands run: a change it sent is kept.
        const next = waiting.shift();
        if (next) run(next);
        else if (ws.isPaused) ws.resume();
      });
  };
  ws.on('message', (data, isBinary) => {
    const msg = isBinary ? null : parseClientMessage(String(data));
    if (!msg) return ws.close(1008, 'malformed message');
    if (msg.type === 'ack') return consumer.ack(msg.seq);
    if (msg.type === 'interest') return consumer.declareInterest(msg);
    // Past the bound the socket pauses: the page's frames wait in its own TCP buffers.
    if (inFlight < MAX_PAGE_COMMANDS_IN_FLIGHT) return run(msg);
    // The frames already read still arrive after pause(): they wait here, at most one read.
    waiting.push(msg);
    ws.pause();
  });
  ws.on('close', () => {
    clearInterval(ping);
    offEvents();
    consumer.detach();
  });
}
