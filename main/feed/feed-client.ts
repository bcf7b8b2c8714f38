/**
 * One feed connection and its lifecycle: connect, go live, notice a stall, back off, reconnect
 * and resume. It knows sockets, not dialects: a {@link FeedProtocol} session turns frames into
 * messages. States are reported as the user sees them (see `ConnectionState`).
 */
import WebSocket from 'ws';
import type { ConnectionState } from '../../protocol/batch';
import type { ServerMessage } from '../../protocol/feed';
import { checkWebSocketUrl } from '../../protocol/feed-target';
import { SendLimiter } from './send-limiter';
import { Backoff } from './backoff';
import { ResyncDeadlines } from './resync-deadlines';
import { StallWatch } from './stall-watch';
import { ConnectionUpkeep } from './connection-upkeep';
import { closeBlamesClient, formatAge, permanentRefusal, retryAfterMs } from './disconnect-reasons';
import type { FeedProtocol, FeedConnection, LostState } from './feed-protocol';

/** Opening handshake must finish within this, ms. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/**
 * A resync whose snapshot has not arrived within this long is given up: the instrument would
 * stay frozen with its ticks held, so the connection is replaced (a fresh one brings fresh
 * snapshots), ms.
 */
export const RESYNC_TIMEOUT_MS = 10_000;
/** Largest frame accepted from a feed, bytes; a bigger one closes the socket (1009). */
export const MAX_FEED_FRAME_BYTES = 16 * 1024 * 1024;

/** What the client tells its owner. */
export interface FeedClientHandlers {
  state(state: ConnectionState): void;
  /** Every text frame exactly as received, before decoding. */
  frame(text: string, receivedAt: number): void;
  messages(messages: readonly ServerMessage[], receivedAt: number): void;
  /**
   * The dialect found these instruments' state broken (`FrameResult.resync`); heard before the
   * frame's messages so their seq jumps are not taken for a second gap. The owner asks for the
   * resync (see {@link FeedClient.resync}).
   */
  lost(lost: readonly LostState[], receivedAt: number): void;
  malformed(error: string): void;
  /** A problem the user should read in the health bar (a resync given up). */
  problem(message: string): void;
  connected(): void;
  disconnected(reason: string): void;
}

export interface FeedClientOptions {
  /** Last seq per instrument, to resume from on every (re)connection. */
  readonly resumePoints: () => ReadonlyMap<string, number>;
  readonly backoff?: Backoff;
  /** Overrides {@link RESYNC_TIMEOUT_MS} (tests). */
  readonly resyncTimeoutMs?: number;
}

export class FeedClient {
  private socket: WebSocket | null = null;
  private session: FeedConnection | null = null;
  private current: ConnectionState = { state: 'closed' };
  private requestId = 0;
  /** Connection attempts since the socket was last open. */
  private attempt = 0;
  private isOpen = false;
  private readonly stall = new StallWatch({
    stalled: (silentMs) => this.setState({ state: 'stalled', silentMs }),
    dead: (silentMs) => this.replace(`stalled: no data for ${(silentMs / 1_000).toFixed(1)} s`),
  });
  private readonly upkeep = new ConnectionUpkeep({
    send: (frame) => this.send(frame),
    renew: (reason) => this.replace(reason),
  });
  /** Present when the feed limits how fast we may send (exchanges ban floods). */
  private limiter: SendLimiter | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Instruments resynced on this socket whose snapshot has not come yet. */
  private readonly resyncs = new ResyncDeadlines((overdue) => {
    const waitedMs = this.options.resyncTimeoutMs ?? RESYNC_TIMEOUT_MS;
    const reason = `resync of ${overdue.join(', ')} did not complete within ${formatAge(waitedMs)}; reconnecting`;
    this.handlers.problem(reason);
    this.replace(reason);
  });
  /**
   * The feed is a replay (its hello said so). A new connection would restart playback from
   * the beginning, so a resync is never given up by reconnecting: the instrument waits for
   * the recording's next snapshot, as it did live.
   */
  private isReplay = false;
  private readonly backoff: Backoff;

  /** Throws when the protocol's URL is not a valid `ws://`/`wss://` URL. */
  constructor(
    private readonly protocol: FeedProtocol,
    private readonly handlers: FeedClientHandlers,
    private readonly options: FeedClientOptions,
  ) {
    const error = checkWebSocketUrl(protocol.url);
    if (error) throw new Error(error);
    this.backoff = options.backoff ?? new Backoff();
  }

  start(): void {
    this.connect();
  }

  /** Sends a frame if the socket is open; false otherwise. */
  send(text: string): boolean {
    const socket = this.socket;
    if (socket?.readyState !== WebSocket.OPEN) return false;
    if (this.limiter) this.limiter.push(text);
    else socket.send(text);
    return true;
  }

  /** Next request id for frames the owner builds with the session. */
  nextRequestId(): number {
    return ++this.requestId;
  }

  /** The live session, or null between connections. */
  get activeConnection(): FeedConnection | null {
    return this.socket?.readyState === WebSocket.OPEN ? this.session : null;
  }

  /** Asks for fresh snapshots; a dialect that cannot resync in place gets a new connection. */
  resync(instruments: readonly string[]): void {
    const session = this.activeConnection;
    if (session === null) return; // the reconnect's resume will ask for snapshots anyway
    const frames = session.resync(instruments, this.nextRequestId());
    if (frames.length === 0) return this.replace(`resync needed for ${instruments.join(', ')}`);
    for (const frame of frames) this.send(frame);
    if (this.isReplay) return;
    this.resyncs.expect(
      instruments,
      Date.now() + (this.options.resyncTimeoutMs ?? RESYNC_TIMEOUT_MS),
    );
  }

  /** Closes for good: no reconnect. */
  close(): void {
    this.teardown();
    clearTimeout(this.retryTimer);
    this.setState({ state: 'closed' });
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.handlers.state(state);
  }

  private connect(): void {
    this.attempt++;
    this.setState({ state: 'connecting', attempt: this.attempt });
    const socket = new WebSocket(this.protocol.url, {
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      maxPayload: MAX_FEED_FRAME_BYTES,
      // One frame per event-loop turn: when many frames arrive in one TCP read, the loop gets
      // to timers and IPC between them, so event-loop lag stays near one frame's fold time.
      allowSynchronousEvents: false,
    });
    const session = this.protocol.createConnection();
    this.socket = socket;
    this.session = session;
    const perSecond = this.protocol.rules?.maxSendPerSecond;
    this.limiter = perSecond
      ? new SendLimiter(perSecond, (frame) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        })
      : null;
    let lastError = '';
    let refusal: string | null = null;
    let waitMs = 0;
    socket.on('unexpected-response', (request, response) => {
      // Read before the response is dropped: a 429 or 503 may say how long to stay away.
      waitMs = retryAfterMs(response.statusCode ?? 0, response.headers['retry-after'], Date.now());
      request.destroy(new Error(`Unexpected server response: ${response.statusCode}`));
    });
    socket.on('open', () => this.opened(session));
    socket.on('message', (data, isBinary) => this.received(session, data, isBinary));
    socket.on('error', (err) => {
      lastError = err.message;
      refusal = permanentRefusal(err);
    });
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      if (refusal !== null) return this.fail(`${this.protocol.url}: ${refusal}`);
      const why = reason.length ? `${code} ${reason.toString()}` : `${code}`;
      // The venue's own words on what we did (a rate limit, a policy) outlive the reconnect
      // that follows at once: the health bar keeps them as the source's last error.
      if (reason.length > 0 && closeBlamesClient(code))
        this.handlers.problem(`the server closed the connection: ${why}`);
      const asked = waitMs > 0 ? `; the server asked to wait ${formatAge(waitMs)}` : '';
      this.replace((lastError || `server closed the connection (${why})`) + asked, waitMs);
    });
  }

  private opened(session: FeedConnection): void {
    this.attempt = 0;
    this.isOpen = true;
    this.backoff.live();
    this.setState({ state: 'live' });
    this.handlers.connected();
    for (const frame of session.open(this.options.resumePoints(), this.nextRequestId()))
      this.send(frame);
    this.upkeep.start(session.keepalive, this.protocol.rules?.maxConnectionAgeMs);
    this.stall.start(Date.now());
  }

  private received(session: FeedConnection, data: WebSocket.RawData, isBinary: boolean): void {
    const receivedAt = Date.now();
    this.stall.lastFrameAt = receivedAt;
    if (this.current.state === 'stalled') this.setState({ state: 'live' });
    if (isBinary) return this.handlers.malformed('binary frame (the protocol is JSON text)');
    const text = data.toString();
    this.handlers.frame(text, receivedAt);
    const result = session.decode(text, receivedAt);
    if (!result.ok) return this.handlers.malformed(result.error);
    for (const message of result.messages) {
      if (message.op === 'snapshot') this.resyncs.arrived(message.instrument);
      else if (message.op === 'hello') {
        this.isReplay = message.replay !== undefined;
        this.stall.heartbeat(message.heartbeatMs);
      }
    }
    if (result.resync?.length) this.handlers.lost(result.resync, receivedAt);
    this.handlers.messages(result.messages, receivedAt);
    for (const frame of result.reply ?? []) this.send(frame);
    if (result.fail) this.fail(result.fail);
    else if (result.reconnect) this.replace(result.reconnect);
  }

  /** Drops the current socket (if any) and schedules the next attempt, `atLeastMs` from now. */
  private replace(reason: string, atLeastMs = 0): void {
    clearTimeout(this.retryTimer); // one frame can ask twice (resync impossible, then reconnect)
    const wasOpen = this.teardown();
    if (wasOpen) this.handlers.disconnected(reason);
    const delay = Math.max(this.backoff.next(), atLeastMs);
    this.setState({
      state: 'reconnecting',
      attempt: this.attempt + 1,
      nextRetryAt: Date.now() + delay,
      reason,
    });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private fail(reason: string): void {
    this.teardown();
    this.setState({ state: 'failed', reason });
  }

  /** Forgets the socket and its timers; true if it had been open. */
  private teardown(): boolean {
    this.stall.stop();
    this.upkeep.stop();
    this.resyncs.clear();
    this.limiter?.clear();
    this.limiter = null;
    const socket = this.socket;
    const wasOpen = this.isOpen;
    this.socket = null;
    this.session = null;
    this.isOpen = false;
    this.isReplay = false;
    if (socket === null) return wasOpen;
    socket.removeAllListeners();
    socket.on('error', () => {}); // a late error on a discarded socket is not ours to report
    socket.terminate();
    return wasOpen;
  }
}
