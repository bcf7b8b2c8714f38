/**
 * A replay client's socket as the playback speaks over it: frames out (only while it is open),
 * the hello, status replies, a tick every REPLAY_STATE_INTERVAL_MS (a heartbeat when nothing else went
 * out), and the client's requests handed over one at a time, in order: a seek must land before
 * the resume after it.
 */
import { basename } from 'node:path';
import type { WebSocket } from 'ws';
import type { ErrorCode, ReplayInfo, ServerMessage } from '../protocol/feed';
import { PROTOCOL_VERSION } from '../protocol/feed';
import { requestIdOf } from '../protocol/decode';
import type { Recording } from './recording-reader';

/** Heartbeat and replay-state cadence, ms. */
export const REPLAY_STATE_INTERVAL_MS = 1_000;
/**
 * Request text received but not yet handled, bytes, above which the socket stops reading until
 * the backlog is handled: a peer that sends faster than its seeks are served waits in TCP, not
 * in the server's memory. A resume of the most instruments (some 4 MB in 32 KiB frames) is only
 * slowed.
 */
export const MAX_PENDING_REQUEST_BYTES = 1024 * 1024;

export type Failure = { code: ErrorCode; message: string };

export interface ChannelHandlers {
  /** Handles one request (its text; '' for a binary frame); the next waits for it. */
  readonly request: (text: string) => Promise<void>;
  /** A request's handling threw: `id` is the request's, when it has one. */
  readonly failed: (id: number | null, err: Error) => void;
  /** Every REPLAY_STATE_INTERVAL_MS, after the heartbeat if one was due. */
  readonly tick: () => void;
  readonly closed: () => void;
}

export class ReplayChannel {
  private sentSinceTick = false;
  private requests: Promise<void> = Promise.resolve();
  private pendingBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    handlers: ChannelHandlers,
    /** The recorded time a heartbeat carries. */
    position: () => number,
  ) {
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      const bytes = (data as Buffer).length;
      this.pendingBytes += bytes;
      if (this.pendingBytes > MAX_PENDING_REQUEST_BYTES) ws.pause();
      this.requests = this.requests
        .then(() => handlers.request(text))
        .catch((err: Error) => handlers.failed(requestIdOf(text), err))
        .finally(() => {
          this.pendingBytes -= bytes;
          if (ws.isPaused && this.pendingBytes <= MAX_PENDING_REQUEST_BYTES) ws.resume();
        });
    });
    ws.on('close', handlers.closed);
    this.timer = setInterval(() => {
      if (!this.sentSinceTick) this.send({ op: 'heartbeat', ts: position() });
      handlers.tick();
      this.sentSinceTick = false;
    }, REPLAY_STATE_INTERVAL_MS);
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Bytes sent but not yet taken by the client. */
  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  /** Sends a message, or a frame's text as it is; nothing once the socket is closing. */
  send(message: ServerMessage | string): void {
    if (!this.open) return;
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    this.sentSinceTick = true;
  }

  /** The hello: `recording`'s instruments, and where its playback stands. */
  hello({ instruments, dir }: Recording, replay: ReplayInfo): void {
    this.send({
      op: 'hello',
      protocol: PROTOCOL_VERSION,
      heartbeatMs: REPLAY_STATE_INTERVAL_MS,
      instruments,
      // The folder's name only: a path would tell any client where the user keeps files.
      server: `tickdeck-replay/1 ${basename(dir)}`,
      replay,
    });
  }

  /** The status of request `id`: a failure always, a success only to a request with an id. */
  reply(id: number | null, error?: Failure): void {
    if (error) this.send({ op: 'status', id, ok: false, error });
    else if (id !== null) this.send({ op: 'status', id, ok: true });
  }

  /** Stops the ticks. */
  stop(): void {
    clearInterval(this.timer);
  }
}
