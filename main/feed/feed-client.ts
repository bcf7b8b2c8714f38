/**
 * One feed connection and its lifecycle: connect, go live, notice a stall, back off, reconnect
 * and resume. It knows sockets, not dialects: a {@link FeedProtocol} session turns frames into
 * messages (./frame-intake.ts); the socket's upgrade and how it ended are ./feed-socket.ts's,
 * and the watches on an open connection (stall, upkeep, resyncs) ./connection-watch.ts's.
 * States are reported as the user sees them, live at the feed's first tick or heartbeat
 * (./client-state.ts).
 */
import type { RawData } from 'ws';
import type { ConnectionState } from '../../protocol/health';
import { checkWebSocketUrl } from '../../protocol/feed-target';
import { Backoff } from './backoff';
import { ConnectionWatch } from './connection-watch';
import { FeedSocket } from './feed-socket';
import { ClientState } from './client-state';
import { takeFrame, type FrameEffects, type FrameHandlers } from './frame-intake';
import { SlicedIntake } from './sliced-intake';
import type { FeedProtocol, FeedConnection } from './feed-protocol';

/** What the client tells its owner; of each frame, see {@link FrameHandlers}. */
export interface FeedClientHandlers extends FrameHandlers {
  state(state: ConnectionState): void;
  /** A problem the user should read in the health bar (a resync given up). */
  problem(message: string): void;
  connected(): void;
  disconnected(reason: string): void;
}

export interface FeedClientOptions {
  /** Last seq per instrument, to resume from on every (re)connection. */
  readonly resumePoints: () => ReadonlyMap<string, number>;
  readonly backoff?: Backoff;
  /** Overrides `RESYNC_TIMEOUT_MS` (./connection-watch.ts; tests). */
  readonly resyncTimeoutMs?: number;
  /**
   * Fold each frame's messages at most this many ticks a turn (./frame-slices.ts), the socket
   * paused while frames wait; absent, a frame's messages are handed on in one call.
   */
  readonly sliceTicks?: number;
}

export class FeedClient {
  private socket: FeedSocket | null = null;
  private session: FeedConnection | null = null;
  private readonly shown: ClientState;
  private requestId = 0;
  private isOpen = false;
  private readonly watch: ConnectionWatch;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  /** Frames taken in slices when `sliceTicks` is given; null, each taken whole. */
  private readonly slices: SlicedIntake | null;
  /** What a frame asks of the connection (see ./frame-intake.ts). */
  private readonly effects: FrameEffects = {
    snapshot: (instrument) => this.watch.snapshot(instrument),
    hello: (message) => this.watch.hello(message),
    decoded: (messages, receivedAt, current) => this.shown.heard(messages, receivedAt, current),
    send: (frame) => this.send(frame),
    fail: (reason) => this.fail(reason),
    reconnect: (reason) => this.replace(reason),
  };

  /** Throws when the protocol's URL is not a valid `ws://`/`wss://` URL. */
  constructor(
    private readonly protocol: FeedProtocol,
    private readonly handlers: FeedClientHandlers,
    private readonly options: FeedClientOptions,
  ) {
    const error = checkWebSocketUrl(protocol.url);
    if (error) throw new Error(error);
    this.backoff = options.backoff ?? new Backoff();
    this.shown = new ClientState((state) => handlers.state(state), this.backoff);
    this.slices =
      options.sliceTicks === undefined
        ? null
        : new SlicedIntake(
            handlers,
            { pause: () => this.socket?.pause(), resume: () => this.socket?.resume() },
            options.sliceTicks,
          );
    this.watch = new ConnectionWatch(
      {
        stalled: (silentMs) => this.shown.stalled(silentMs),
        silence: (silentMs) => this.shown.silence(silentMs),
        send: (frame) => this.send(frame),
        replace: (reason) => this.replace(reason),
        problem: (reason) => this.handlers.problem(reason),
      },
      options.resyncTimeoutMs,
    );
  }

  start(): void {
    this.connect();
  }

  /** Sends a frame if the socket is open; false otherwise. */
  send(text: string): boolean {
    return this.socket?.send(text) ?? false;
  }

  /** Next request id for frames the owner builds with the session. */
  nextRequestId(): number {
    return ++this.requestId;
  }

  /** The live session, or null between connections. */
  get activeConnection(): FeedConnection | null {
    return this.socket?.isOpen ? this.session : null;
  }

  /** Asks for fresh snapshots; a dialect that cannot resync in place gets a new connection. */
  resync(instruments: readonly string[]): void {
    const session = this.activeConnection;
    if (session === null) return; // the reconnect's resume will ask for snapshots anyway
    const frames = session.resync(instruments, this.nextRequestId());
    if (frames.length === 0) return this.replace(`resync needed for ${instruments.join(', ')}`);
    for (const frame of frames) this.send(frame);
    this.watch.asked(instruments);
  }

  /** Closes for good: no reconnect. */
  close(): void {
    this.slices?.drain();
    this.teardown();
    clearTimeout(this.retryTimer);
    this.shown.closed();
  }

  private connect(): void {
    this.shown.connecting();
    const socket = new FeedSocket(this.protocol.url, this.protocol.rules?.maxSendPerSecond, {
      open: () => this.opened(session),
      message: (data, isBinary) => this.received(session, data, isBinary),
      end: (end) => {
        if (this.socket !== socket) return;
        if (!end.retry) return this.fail(end.reason);
        if (end.blame !== null) this.handlers.problem(end.blame);
        this.replace(end.reason, end.atLeastMs);
      },
    });
    const session = this.protocol.createConnection();
    this.socket = socket;
    this.session = session;
  }

  private opened(session: FeedConnection): void {
    this.isOpen = true;
    this.handlers.connected();
    for (const frame of session.open(this.options.resumePoints(), this.nextRequestId()))
      this.send(frame);
    this.watch.opened(session.keepalive, this.protocol.rules?.maxConnectionAgeMs, Date.now());
  }

  private received(session: FeedConnection, data: RawData, isBinary: boolean): void {
    const receivedAt = Date.now();
    // Any frame keeps the connection from being replaced as dead; only a tick or a heartbeat
    // makes it live (ClientState.heard).
    this.watch.stall.lastFrameAt = receivedAt;
    if (this.slices !== null)
      return this.slices.take(session, data, isBinary, receivedAt, this.effects);
    takeFrame(session, data, isBinary, receivedAt, this.handlers, this.effects);
  }

  /** Drops the current socket (if any) and schedules the next attempt, `atLeastMs` from now. */
  private replace(reason: string, atLeastMs = 0): void {
    // What the socket delivered is folded before its end is told (a frame taken in the drain
    // may ask to replace it too: its timer is the one cleared next).
    this.slices?.drain();
    clearTimeout(this.retryTimer); // one frame can ask twice (resync impossible, then reconnect)
    const wasOpen = this.teardown();
    if (wasOpen) this.handlers.disconnected(reason);
    const delay = Math.max(this.backoff.next(), atLeastMs);
    this.shown.reconnecting(reason, delay);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private fail(reason: string): void {
    this.slices?.drain();
    this.teardown();
    this.shown.failed(reason);
  }

  /** Forgets the socket and its timers; true if it had been open. */
  private teardown(): boolean {
    // Left only when the teardown came from inside a fold: that frame's rest still follows,
    // but the frames after it were the discarded socket's.
    this.slices?.dropWaiting();
    this.watch.stop();
    this.socket?.discard();
    const wasOpen = this.isOpen;
    this.socket = null;
    this.session = null;
    this.isOpen = false;
    return wasOpen;
  }
}
