/**
 * One client connection: what it subscribed to (and with which conflation window), delivery of
 * each interval's ticks, and the slow-consumer policy; snapshots and resumed history go through
 * its catch-up queue (./catch-up-queue.ts). A client whose unsent data (`bufferedAmount`)
 * passes SLOW_CONFLATE_BYTES is switched to conflated delivery, a few small frames a second; if
 * it stays behind for SLOW_CLOSE_AFTER_MS, or its backlog passes SLOW_CLOSE_BYTES, it is closed
 * with 4000 and a reason saying so. Memory per client is therefore bounded by the socket
 * backlog plus one window per instrument.
 */
import type { WebSocket } from 'ws';
import type { Tick } from '../protocol/feed';
import { CLOSE_CODES } from '../protocol/feed';
import { Conflator } from './conflation';
import type { IntervalTicks } from './interval-ticks';
import type { ChaosSchedule } from './scenarios';
import type { Simulation } from './simulation';
import { ticksMessageBytes } from './tick-bytes';
import { CatchUpQueue } from './catch-up-queue';

const MIB = 1024 * 1024;
/** Backlog at which a client starts receiving conflated data. */
const SLOW_CONFLATE_BYTES = 4 * MIB;
/** Backlog below which a conflated-because-slow client goes back to every tick. */
const SLOW_RECOVER_BYTES = 1 * MIB;
/** Backlog at which a client is closed at once. */
const SLOW_CLOSE_BYTES = 64 * MIB;
/** How long a client may stay behind before it is closed. */
const SLOW_CLOSE_AFTER_MS = 3_000;
/** While behind, conflated frames go out at most this often. */
const BEHIND_FLUSH_INTERVAL_MS = 250;
/** A closed peer that does not answer the close handshake in this time is cut. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 5_000;

/** Not subscribed (in `conflateMsOf`). */
const UNSUBSCRIBED = -1;
/** The subscription key of a client subscribed to every instrument. */
const ALL_KEY = '*';

/** One client's subscriptions and delivery state. */
export class Subscriber {
  /** True once the server has decided to close this connection. */
  closing = false;
  /** Settles when the connection has closed, however it ended. */
  readonly closed: Promise<void>;
  private readonly conflateMsOf: Int32Array;
  private readonly dueAt: Float64Array;
  private readonly conflator: Conflator;
  private subscribedCount = 0;
  private conflatedCount = 0;
  private behindSinceMs: number | null = null;
  private lastBehindFlushMs = 0;
  private stalledUntilMs = 0;
  private alive = true;
  /** Which instruments this client takes, as a key shared by clients taking the same; null: stale. */
  private subscriptionKey: string | null = null;
  private readonly takes = (index: number) => this.conflateMsOf[index]! !== UNSUBSCRIBED;
  private readonly out: Tick[] = [];
  /** Snapshots and resumed history owed, sent in slices (./catch-up-queue.ts). */
  private readonly owed: CatchUpQueue;
  /** 1 for an owed instrument whose live ticks wait for what it is owed. */
  private readonly held: Uint8Array;

  constructor(
    private readonly ws: WebSocket,
    private readonly sim: Simulation,
    private readonly chaos: ChaosSchedule | null,
    private readonly countBytes: (bytes: number) => void,
  ) {
    const n = sim.instruments.length;
    this.conflateMsOf = new Int32Array(n).fill(UNSUBSCRIBED);
    this.dueAt = new Float64Array(n);
    this.conflator = new Conflator(n);
    this.owed = new CatchUpQueue(
      ws,
      sim,
      (text) => this.send(text),
      (index) => this.conflator.clear(index),
      () => this.closing,
    );
    this.held = this.owed.held;
    ws.on('pong', () => (this.alive = true));
    this.closed = new Promise((resolve) =>
      ws.once('close', () => {
        this.owed.stop();
        resolve();
      }),
    );
  }

  /**
   * Sends one protocol message (JSON text, or its UTF-8 bytes); `written` is called once the
   * socket has written it (or failed to).
   */
  send(message: string | Buffer, written?: () => void): void {
    this.ws.send(message, { binary: false }, written);
    this.countBytes(message.length);
  }

  /**
   * Subscribes to instruments (by index) with a conflation window (0 for none). New ones get a
   * snapshot, or the ticks after their `resume` seq while the history still holds them;
   * already-subscribed ones get a snapshot only when `snapshot` is set. These are queued and
   * sent in slices (see {@link DRAIN_SLICE_BYTES}); an instrument's live ticks follow its own.
   */
  subscribe(
    indices: readonly number[],
    conflateMs: number,
    resume: ReadonlyMap<number, number>,
    snapshot: boolean,
  ): void {
    this.subscriptionKey = null;
    for (const index of indices) {
      const was = this.conflateMsOf[index]!;
      if (was === UNSUBSCRIBED) this.subscribedCount++;
      else if (was > 0) this.conflatedCount--;
      if (conflateMs > 0) this.conflatedCount++;
      this.conflateMsOf[index] = conflateMs;
      const lastSeq = resume.get(index);
      const isNew = was === UNSUBSCRIBED;
      if (lastSeq !== undefined || isNew || snapshot) this.owed.owe(index, lastSeq, isNew);
    }
    this.owed.schedule();
  }

  /** Stops delivery of these instruments; their pending conflated ticks are dropped. */
  unsubscribe(indices: readonly number[]): void {
    this.subscriptionKey = null;
    for (const index of indices) {
      const was = this.conflateMsOf[index]!;
      if (was === UNSUBSCRIBED) continue;
      if (was > 0) this.conflatedCount--;
      this.subscribedCount--;
      this.conflateMsOf[index] = UNSUBSCRIBED;
      this.conflator.clear(index);
      this.owed.forget(index);
    }
  }

  /** Delivers one interval's ticks, applying chaos, conflation and the slow-consumer policy. */
  deliver(interval: IntervalTicks, nowMs: number): void {
    if (this.closing || this.subscribedCount === 0 || this.applyChaos(nowMs)) return;
    if (nowMs < this.stalledUntilMs) return;
    if (!this.checkBacklog(nowMs)) return;
    const behind = this.behindSinceMs !== null;
    // Every tick of its instruments, nothing pending: the same message as every client taking
    // the same instruments, written once for all of them.
    if (this.conflatedCount === 0 && !behind && this.conflator.empty && this.owed.size === 0) {
      const frame = interval.frameFor(this.key(), this.takes);
      if (frame !== null) this.send(frame, interval.holdFrame(frame));
      return;
    }
    const out = this.out;
    out.length = 0;
    const ticks = interval.ticks;
    for (let i = 0; i < ticks.length; i++) {
      const index = interval.indices[i]!;
      const conflateMs = this.conflateMsOf[index]!;
      // New to this client and owed its snapshot or history, which will carry these ticks.
      if (conflateMs === UNSUBSCRIBED || this.held[index] === 1) continue;
      if (conflateMs === 0 && !behind && !this.conflator.has(index)) {
        out.push(ticks[i]!);
        continue;
      }
      if (!this.conflator.has(index)) this.dueAt[index] = behind ? nowMs : nowMs + conflateMs;
      this.conflator.add(index, ticks[i]!);
    }
    this.flushConflated(nowMs, behind, out);
    if (out.length > 0) this.send(ticksMessageBytes(out));
  }

  /** Sends a heartbeat unless chaos has stalled the connection. */
  heartbeat(text: string, nowMs: number): void {
    if (!this.closing && nowMs >= this.stalledUntilMs) this.send(text);
  }

  /** Pings the peer; a peer that did not answer the previous ping is cut. */
  ping(nowMs: number): void {
    if (this.closing || nowMs < this.stalledUntilMs) return;
    if (!this.alive) {
      this.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /** Closes with a protocol close code; a peer that never completes the handshake is cut. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_HANDSHAKE_TIMEOUT_MS).unref();
  }

  /** Cuts the connection without a close handshake. */
  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  /** Returns true when chaos took this frame (dropped, stalled or disconnected). */
  private applyChaos(nowMs: number): boolean {
    const action = this.chaos?.due(nowMs);
    if (!action) return false;
    // Pending windows would paper over the events chaos drops; dropping them keeps the gap visible.
    this.conflator.clearAll();
    if (action.kind === 'disconnect') this.close(CLOSE_CODES.CHAOS_DISCONNECT, 'chaos: disconnect');
    if (action.kind === 'stall') this.stalledUntilMs = nowMs + action.durationMs;
    return true;
  }

  /** Applies the slow-consumer policy; returns false when the client was closed. */
  private checkBacklog(nowMs: number): boolean {
    const backlog = this.ws.bufferedAmount;
    if (backlog >= SLOW_CONFLATE_BYTES && this.behindSinceMs === null) this.behindSinceMs = nowMs;
    if (backlog < SLOW_RECOVER_BYTES) this.behindSinceMs = null;
    const behindMs = this.behindSinceMs === null ? 0 : nowMs - this.behindSinceMs;
    if (backlog < SLOW_CLOSE_BYTES && behindMs < SLOW_CLOSE_AFTER_MS) return true;
    const mib = (backlog / MIB).toFixed(1);
    this.close(
      CLOSE_CODES.SLOW_CONSUMER,
      `slow consumer: ${mib} MiB unsent, behind for ${(behindMs / 1000).toFixed(1)} s`,
    );
    return false;
  }

  /** Appends the conflated ticks now due to `out`. */
  private flushConflated(nowMs: number, behind: boolean, out: Tick[]): void {
    if (this.conflator.empty) return;
    if (behind && nowMs - this.lastBehindFlushMs < BEHIND_FLUSH_INTERVAL_MS) return;
    if (behind) this.lastBehindFlushMs = nowMs;
    for (let index = 0; index < this.dueAt.length; index++) {
      if (this.conflator.has(index) && this.dueAt[index]! <= nowMs) this.conflator.take(index, out);
    }
  }

  /**
   * The subscription key: equal for two clients exactly when they take the same instruments.
   * Rebuilt after a (un)subscribe, not per interval.
   */
  private key(): string {
    if (this.subscriptionKey === null) {
      const taken: number[] = [];
      for (let index = 0; index < this.conflateMsOf.length; index++)
        if (this.takes(index)) taken.push(index);
      this.subscriptionKey = taken.length === this.conflateMsOf.length ? ALL_KEY : taken.join(',');
    }
    return this.subscriptionKey;
  }
}
