/**
 * A feed's socket: the upgrade (bounded in time and frame size), its refusals (a 4xx or an
 * untrusted certificate, which no retry mends; a 429's or 503's `Retry-After`), sends paced to
 * the feed's limit, and the close, told as how the connection ended. What follows an end
 * (retry, fail) is ./feed-client.ts's to decide.
 */
import WebSocket from 'ws';
import { closeBlamesClient, formatAge, permanentRefusal, retryAfterMs } from './disconnect-reasons';
import { SendLimiter } from './send-limiter';

/** Opening handshake must finish within this, ms. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Largest frame accepted from a feed, bytes; a bigger one closes the socket (1009). */
export const MAX_FEED_FRAME_BYTES = 16 * 1024 * 1024;

/** How a feed socket ended. */
export type SocketEnd =
  /** Retrying cannot help; `reason` names the address and why. */
  | { readonly retry: false; readonly reason: string }
  | {
      readonly retry: true;
      readonly reason: string;
      /** The server asked us to stay away this long (`Retry-After`), ms; 0 when it did not. */
      readonly atLeastMs: number;
      /** The server's own words on what we did, for the health bar; null when it said none. */
      readonly blame: string | null;
    };

/** What a feed socket tells its owner. */
export interface FeedSocketHandlers {
  open(): void;
  message(data: WebSocket.RawData, isBinary: boolean): void;
  /** Once, when the socket closed or never opened. */
  end(end: SocketEnd): void;
}

/** One dialled socket; its events come to the handlers until it is discarded. */
export class FeedSocket {
  private readonly socket: WebSocket;
  /** Present when the feed limits how fast we may send (exchanges ban floods). */
  private readonly limiter: SendLimiter | null;

  constructor(url: string, maxSendPerSecond: number | undefined, handlers: FeedSocketHandlers) {
    const socket = dial(url, handlers);
    this.socket = socket;
    this.limiter = maxSendPerSecond
      ? new SendLimiter(maxSendPerSecond, (frame) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        })
      : null;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a frame (paced, where the feed limits the rate) if the socket is open; false otherwise. */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    if (this.limiter) this.limiter.push(text);
    else this.socket.send(text);
    return true;
  }

  /** Stops reading the socket (what it has not read backs up in TCP) until {@link resume}. */
  pause(): void {
    if (!this.socket.isPaused) this.socket.pause();
  }

  resume(): void {
    if (this.socket.isPaused) this.socket.resume();
  }

  /** Drops the socket at once, with the frames still waiting for their turn. */
  discard(): void {
    this.limiter?.clear();
    const socket = this.socket;
    socket.removeAllListeners();
    socket.on('error', () => {}); // a late error on a discarded socket is not ours to report
    socket.terminate();
  }
}

function dial(url: string, handlers: FeedSocketHandlers): WebSocket {
  const socket = new WebSocket(url, {
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    maxPayload: MAX_FEED_FRAME_BYTES,
    // One frame per event-loop turn: when many frames arrive in one TCP read, the loop gets
    // to timers and IPC between them, so event-loop lag stays near one frame's fold time.
    allowSynchronousEvents: false,
  });
  let lastError = '';
  let refusal: string | null = null;
  let waitMs = 0;
  socket.on('unexpected-response', (request, response) => {
    // Read before the response is dropped: a 429 or 503 may say how long to stay away.
    waitMs = retryAfterMs(response.statusCode ?? 0, response.headers['retry-after'], Date.now());
    request.destroy(new Error(`Unexpected server response: ${response.statusCode}`));
  });
  socket.on('open', () => handlers.open());
  socket.on('message', (data, isBinary) => handlers.message(data, isBinary));
  socket.on('error', (err) => {
    lastError = err.message;
    refusal = permanentRefusal(err);
  });
  socket.on('close', (code, reason) => {
    if (refusal !== null) return handlers.end({ retry: false, reason: `${url}: ${refusal}` });
    const why = reason.length ? `${code} ${reason.toString()}` : `${code}`;
    // The venue's own words on what we did (a rate limit, a policy) outlive the reconnect
    // that follows at once: the health bar keeps them as the source's last error.
    const blame =
      reason.length > 0 && closeBlamesClient(code)
        ? `the server closed the connection: ${why}`
        : null;
    const asked = waitMs > 0 ? `; the server asked to wait ${formatAge(waitMs)}` : '';
    handlers.end({
      retry: true,
      reason: (lastError || `server closed the connection (${why})`) + asked,
      atLeastMs: waitMs,
      blame,
    });
  });
  return socket;
}
