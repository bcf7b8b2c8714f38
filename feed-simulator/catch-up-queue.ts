/**
 * What a client is owed besides live ticks: snapshots and resumed history, queued per
 * instrument (each at most once, a later request replacing an earlier) and sent in slices, so
 * a request for thousands of instruments never holds the loop, and every other client, for
 * long. An owed instrument new to the client has its live ticks held (`held`) until what it is
 * owed has gone: they would apply to a state the client does not have yet.
 */
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import type { Tick } from '../protocol/feed';
import type { Simulation } from './simulation';
import { tickJson, ticksMessageJson } from './tick-json';

const MIB = 1024 * 1024;
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

export class CatchUpQueue {
  /**
   * Instruments owed a snapshot or resumed history (index -> last seq, or WANTS_SNAPSHOT), in
   * request order; each at most once.
   */
  private readonly owed = new Map<number, number>();
  /** 1 for an owed instrument whose live ticks wait for what it is owed. */
  readonly held: Uint8Array;
  private readonly historyBudget = new TickBudget(
    HISTORY_BUDGET_TICKS,
    HISTORY_BUDGET_TICKS_PER_SEC,
  );
  private readonly snapshotBudget: TickBudget;
  private drainTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly sim: Simulation,
    /** Sends one message on the client's socket. */
    private readonly send: (text: string) => void,
    /** Drops an instrument's pending conflated ticks: what it is owed will carry them. */
    private readonly dropPending: (index: number) => void,
    /** True once the server decided to close the client. */
    private readonly closing: () => boolean,
  ) {
    const n = sim.instruments.length;
    this.held = new Uint8Array(n);
    this.snapshotBudget = new TickBudget(Math.max(SNAPSHOT_BURST, n), SNAPSHOTS_PER_SEC);
  }

  /** How many instruments are owed something. */
  get size(): number {
    return this.owed.size;
  }

  /** Forgets what an unsubscribed instrument was owed. */
  forget(index: number): void {
    this.owed.delete(index);
    this.held[index] = 0;
  }

  /**
   * Starts sending on a later turn; never from the request itself: 100 requests read at once
   * would each send a slice.
   */
  schedule(): void {
    if (this.owed.size > 0 && this.drainTimer === undefined)
      this.drainTimer = setTimeout(() => this.drain(), 0);
  }

  /** Stops sending (the socket closed). */
  stop(): void {
    clearTimeout(this.drainTimer);
  }

  /**
   * Queues a snapshot (`resume` undefined) or the history after `resume`; a later request
   * replaces an earlier. With `hold` (an instrument new to this client) its live ticks wait for
   * it: they would apply to a state the client does not have yet. A subscribed instrument keeps
   * streaming meanwhile (a client asking for its snapshot ignores ticks until it comes), so a
   * client that stops reading still falls behind and meets the slow-consumer policy.
   */
  owe(index: number, resume: number | undefined, hold: boolean): void {
    const from = resume ?? WANTS_SNAPSHOT;
    if (this.owed.get(index) === from && this.held[index] === Number(hold)) return;
    if (hold) this.dropPending(index);
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
      if (this.closing()) return;
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
