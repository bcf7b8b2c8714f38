/**
 * One client connection: what it subscribed to (and with which conflation window), delivery of
 * each interval's ticks, snapshots and resume, and the slow-consumer policy. A client whose unsent data
 * (`bufferedAmount`) passes SLOW_CONFLATE_BYTES is switched to conflated delivery, a few small
 * frames a second; if it stays behind for SLOW_CLOSE_AFTER_MS, or its backlog passes
 * SLOW_CLOSE_BYTES, it is closed with 4000 and a reason saying so. Memory per client is
 * therefore bounded by the socket backlog plus one window per instrument.
 */
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import type { Tick } from '../protocol/feed';
import { CLOSE_CODES } from '../protocol/feed';
import { Conflator } from './conflation';
import type { IntervalTicks } from './interval-ticks';
import type { ChaosSchedule } from './scenarios';
import type { Simulation } from './simulation';
import { ticksMessageBytes } from './tick-bytes';
import { tickJson, ticksMessageJson } from './tick-json';

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
/** Resumed history is sent in frames of at most this many ticks. */
const RESUME_CHUNK_TICKS = 1_000;
/**
 * Snapshots and resumed history are sent from a queue, at most this many bytes per event-loop
 * turn, so a request for thousands of instruments never holds the loop (and every other
 * client) for long: 100 snapshot requests for 5,000 instruments once stalled the server 1.7 s.
 */
const DRAIN_SLICE_BYTES = 64 * 1024;
/** The queue waits while the client has this much unsent, so snapshots never make it slow. */
const DRAIN_PAUSE_BYTES = 1 * MIB;
/** How often a paused queue looks at the backlog again, ms. */
const DRAIN_RETRY_MS = 10;
/**
 * Snapshots (and resumes) a subscriber may be sent: a burst of at least one full set, refilled
 * per second. Requests beyond it wait in the queue, which holds each instrument once, so a
 * flood of snapshot requests costs the server a bounded rate and no memory.
 */
const SNAPSHOT_BURST = 1_000;
const SNAPSHOTS_PER_SEC = 5_000;
/** In the queue: a snapshot rather than the history after a seq. */
const WANTS_SNAPSHOT = -1;
/**
 * Resume history a subscriber may be sent, in ticks: a burst, refilled per second. Beyond it a
 * resume gets a snapshot, so a client repeating resume-from-0 cannot stall the server for
 * everyone (docs/RELIABILITY.md, fuzzing client); a reconnect after a drop needs far less.
 */
const HISTORY_BUDGET_TICKS = 10_000;
const HISTORY_BUDGET_TICKS_PER_SEC = 5_000;
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
  private readonly historyBudget = new TickBudget(
    HISTORY_BUDGET_TICKS,
    HISTORY_BUDGET_TICKS_PER_SEC,
  );
  private readonly snapshotBudget: TickBudget;
  /**
   * Instruments owed a snapshot or resumed history (index -> last seq, or WANTS_SNAPSHOT), in
   * request order; each at most once.
   */
  private readonly owed = new Map<number, number>();
  /** 1 for an owed instrument whose live ticks wait for what it is owed. */
  private readonly held: Uint8Array;
  private drainTimer: NodeJS.Timeout | undefined;

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
    this.held = new Uint8Array(n);
    this.snapshotBudget = new TickBudget(Math.max(SNAPSHOT_BURST, n), SNAPSHOTS_PER_SEC);
    ws.on('pong', () => (this.alive = true));
    this.closed = new Promise((resolve) =>
      ws.once('close', () => {
        clearTimeout(this.drainTimer);
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
      if (lastSeq !== undefined) this.owe(index, lastSeq, isNew);
      else if (isNew || snapshot) this.owe(index, WANTS_SNAPSHOT, isNew);
    }
    // Never from the request itself: 100 requests read at once would each send a slice.
    if (this.owed.size > 0 && this.drainTimer === undefined)
      this.drainTimer = setTimeout(() => this.drain(), 0);
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
      this.owed.delete(index);
      this.held[index] = 0;
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

  /**
   * Queues a snapshot or the history after `from`; a later request replaces an earlier. With
   * `hold` (an instrument new to this client) its live ticks wait for it: they would apply to
   * a state the client does not have yet. A subscribed instrument keeps streaming meanwhile
   * (a client asking for its snapshot ignores ticks until it comes), so a client that stops
   * reading still falls behind and meets the slow-consumer policy.
   */
  private owe(index: number, from: number, hold: boolean): void {
    if (this.owed.get(index) === from && this.held[index] === Number(hold)) return;
    if (hold) this.conflator.clear(index);
    this.owed.delete(index);
    this.owed.set(index, from);
    this.held[index] = hold ? 1 : 0;
  }

  /**
   * Sends what is owed, a slice per event-loop turn, while the client keeps up and the
   * snapshot budget lasts; reschedules itself for the rest.
   */
  private drain(): void {
    clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    let sentBytes = 0;
    for (const [index, from] of this.owed) {
      if (this.closing) return;
      let waitMs = -1;
      if (this.ws.bufferedAmount >= DRAIN_PAUSE_BYTES) waitMs = DRAIN_RETRY_MS;
      else if (sentBytes >= DRAIN_SLICE_BYTES) waitMs = 0;
      else if (!this.snapshotBudget.take(1)) waitMs = 1_000 / SNAPSHOTS_PER_SEC;
      if (waitMs >= 0) {
        this.drainTimer = setTimeout(() => this.drain(), waitMs);
        return;
      }
      this.owed.delete(index);
      this.held[index] = 0;
      sentBytes +=
        from === WANTS_SNAPSHOT ? this.sendSnapshot(index) : this.sendResume(index, from);
    }
  }

  /** Sends the ticks after `lastSeq`, or a snapshot when they are gone or too many; bytes sent. */
  private sendResume(index: number, lastSeq: number): number {
    const state = this.sim.states[index]!;
    // Rebuilding history costs the server per tick; past the budget a snapshot says the same.
    const affordable = this.historyBudget.take(Math.max(0, state.seq - lastSeq));
    const history = affordable ? state.since(lastSeq) : null;
    return history === null ? this.sendSnapshot(index) : this.sendHistory(history);
  }

  private sendSnapshot(index: number): number {
    const state = this.sim.states[index]!;
    const instrument = this.sim.instruments[index]!.id;
    const text = JSON.stringify({
      op: 'snapshot',
      instrument,
      seq: state.seq,
      state: state.snapshot(),
    });
    this.send(text);
    return text.length;
  }

  private sendHistory(history: readonly Tick[]): number {
    let bytes = 0;
    for (let start = 0; start < history.length; start += RESUME_CHUNK_TICKS) {
      const chunk = history.slice(start, start + RESUME_CHUNK_TICKS);
      const text = ticksMessageJson(chunk.map(tickJson));
      this.send(text);
      bytes += text.length;
    }
    return bytes;
  }
}

/** A token bucket of ticks on the real clock. */
class TickBudget {
  private tokens: number;
  private lastMs = performance.now();

  constructor(
    private readonly burst: number,
    private readonly perSec: number,
  ) {
    this.tokens = burst;
  }

  /** Takes `count` ticks if that many are left; false (and nothing taken) otherwise. */
  take(count: number): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastMs) * this.perSec) / 1000);
    this.lastMs = now;
    if (count > this.tokens) return false;
    this.tokens -= count;
    return true;
  }
}
