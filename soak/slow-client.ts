/**
 * A load's slow client: subscribes to everything, then stops reading, asking now and then for
 * history (within the server's history budget) so its backlog passes the conflation threshold
 * within seconds rather than minutes, until the server cuts it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import type { ServerMessage } from '../protocol/feed';
import type { SlowClientResult } from './load-report';

/** Requests a slow client sends for the server's whole resume history (to fall behind fast). */
const SLOW_HISTORY_REQUESTS = 60;
const SLOW_HISTORY_EVERY_MS = 250;
/** Slow clients stop reading this far apart. */
const SLOW_STAGGER_MS = 1_000;

export interface SlowClient {
  readonly result: SlowClientResult & { closeCode: number | null; closeReason: string };
  readonly closed: Promise<void>;
  /** Reads again, so that the client sees the close frame the server sent it. */
  readAgain(): void;
}

/**
 * Makes the open socket `ws` the `i`-th slow client, `all` the server's instruments; resolves
 * once it has stopped reading.
 */
export async function startSlowClient(
  ws: WebSocket,
  all: readonly string[],
  i: number,
): Promise<SlowClient> {
  const socket = (ws as unknown as { _socket: Socket })._socket;
  const result = { closeCode: null as number | null, closeReason: '', conflatedTicks: 0 };
  const sips: NodeJS.Timeout[] = [];
  const closed = new Promise<void>((resolve) =>
    ws.once('close', (code, reason) => {
      result.closeCode = code;
      result.closeReason = reason.toString();
      sips.forEach(clearInterval);
      resolve();
    }),
  );
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as ServerMessage;
    if (m.op === 'ticks')
      for (const t of m.ticks) if ((t.conflated ?? 1) > 1) result.conflatedTicks++;
  });
  ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
  // Staggered, so the server cuts them one at a time and each is seen (see serverClients).
  await sleep(300 + i * SLOW_STAGGER_MS);
  socket.pause();
  const resume = Object.fromEntries(all.map((id) => [id, 0]));
  let n = 0;
  sips.push(
    setInterval(() => {
      if (n < SLOW_HISTORY_REQUESTS)
        ws.send(JSON.stringify({ op: 'subscribe', id: 2 + n++, instruments: ['*'], resume }));
    }, SLOW_HISTORY_EVERY_MS),
  );
  const readAgain = () => {
    sips.forEach(clearInterval);
    socket.resume();
  };
  return { result, closed, readAgain };
}
