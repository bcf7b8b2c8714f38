/**
 * One client connection: delivery of each interval's ticks to it, over what it subscribed to
 * (./client-subscriptions.ts) and under the slow-consumer policy (./slow-consumer.ts, with 4000
 * for a client closed by it); snapshots and resumed history go through its catch-up queue
 * (./catch-up-queue.ts).
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
import { ClientSubscriptions, UNSUBSCRIBED } from './client-subscriptions';
import { SlowConsumerPolicy } from './slow-consumer';

/** A closed peer that does not answer the close handshake in this time is cut. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 5_000;

/** One client's connection and delivery state. */
export class Subscriber {
  /** True once the server has decided to close this connection. */
  closing = false;
  /** Settles when the connection has closed, however it ended. */
  readonly closed: Promise<void>;
  private readonly subs: ClientSubscriptions;
  private readonly dueAt: Float64Array;
  private readonly conflator: Conflator;
  private readonly slow = new SlowConsumerPolicy();
  private stalledUntilMs = 0;
  private alive = true;
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
    this.subs = new ClientSubscriptions(n);
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
    for (const index of indices) {
      const isNew = this.subs.add(index, conflateMs);
      const lastSeq = resume.get(index);
      if (lastSeq !== undefined || isNew || snapshot) this.owed.owe(index, lastSeq, isNew);
    }
    this.owed.schedule();
  }

  /** Stops delivery of these instruments; their pending conflated ticks are dropped. */
  unsubscribe(indices: readonly number[]): void {
    for (const index of indices) {
      if (!this.subs.remove(index)) continue;
      this.conflator.clear(index);
      this.owed.forget(index);
    }
  }

  /** Delivers one interval's ticks, applying chaos, conflation and the slow-consumer policy. */
  deliver(interval: IntervalTicks, nowMs: number): void {
    const subs = this.subs;
    if (this.closing || subs.count === 0 || this.applyChaos(nowMs)) return;
    if (nowMs < this.stalledUntilMs) return;
    const slowReason = this.slow.check(this.ws.bufferedAmount, nowMs);
    if (slowReason !== null) return this.close(CLOSE_CODES.SLOW_CONSUMER, slowReason);
    const behind = this.slow.behind;
    // Every tick of its instruments, nothing pending: the same message as every client taking
    // the same instruments, written once for all of them.
    if (subs.conflated === 0 && !behind && this.conflator.empty && this.owed.size === 0) {
      const frame = interval.frameFor(subs.key(), subs.takes);
      if (frame !== null) this.send(frame, interval.holdFrame(frame));
      return;
    }
    const out = this.out;
    out.length = 0;
    const ticks = interval.ticks;
    for (let i = 0; i < ticks.length; i++) {
      const index = interval.indices[i]!;
      const conflateMs = subs.conflateMsOf[index]!;
      // New to this client and owed its snapshot or history, which will carry these ticks.
      if (conflateMs === UNSUBSCRIBED || this.held[index] === 1) continue;
      if (conflateMs === 0 && !behind && !this.conflator.has(index)) {
        out.push(ticks[i]!);
        continue;
      }
      if (!this.conflator.has(index)) this.dueAt[index] = behind ? nowMs : nowMs + conflateMs;
      this.conflator.add(index, ticks[i]!);
    }
    this.flushConflated(nowMs, out);
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

  /** Appends the conflated ticks now due to `out`. */
  private flushConflated(nowMs: number, out: Tick[]): void {
    if (this.conflator.empty || !this.slow.mayFlush(nowMs)) return;
    for (let index = 0; index < this.dueAt.length; index++) {
      if (this.conflator.has(index) && this.dueAt[index]! <= nowMs) this.conflator.take(index, out);
    }
  }
}
