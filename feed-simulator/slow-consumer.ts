/**
 * The slow-consumer policy of one client. A client whose unsent data (`bufferedAmount`) passes
 * SLOW_CONFLATE_BYTES is behind: it gets conflated delivery, a few small frames a second, until
 * its backlog is under SLOW_RECOVER_BYTES again. If it stays behind for SLOW_CLOSE_AFTER_MS, or
 * its backlog passes SLOW_CLOSE_BYTES, it is to be closed with a reason saying so. Memory per
 * client is therefore bounded by the socket backlog plus one window per instrument.
 */

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

/** Whether one client is behind, and since when. */
export class SlowConsumerPolicy {
  private behindSinceMs: number | null = null;
  private lastBehindFlushMs = 0;

  /** True while the client is behind (its ticks are conflated). */
  get behind(): boolean {
    return this.behindSinceMs !== null;
  }

  /** Follows the client's backlog; returns why it must be closed now, or null. */
  check(backlog: number, nowMs: number): string | null {
    if (backlog >= SLOW_CONFLATE_BYTES && this.behindSinceMs === null) this.behindSinceMs = nowMs;
    if (backlog < SLOW_RECOVER_BYTES) this.behindSinceMs = null;
    const behindMs = this.behindSinceMs === null ? 0 : nowMs - this.behindSinceMs;
    if (backlog < SLOW_CLOSE_BYTES && behindMs < SLOW_CLOSE_AFTER_MS) return null;
    const mib = (backlog / MIB).toFixed(1);
    return `slow consumer: ${mib} MiB unsent, behind for ${(behindMs / 1000).toFixed(1)} s`;
  }

  /** Whether conflated ticks due may go now: always, or while behind once a flush interval. */
  mayFlush(nowMs: number): boolean {
    if (this.behindSinceMs === null) return true;
    if (nowMs - this.lastBehindFlushMs < BEHIND_FLUSH_INTERVAL_MS) return false;
    this.lastBehindFlushMs = nowMs;
    return true;
  }
}
