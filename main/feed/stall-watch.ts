/**
 * Notices a feed connection gone silent: shown as stalled after {@link STALL_SHOWN_HEARTBEATS}
 * heartbeat intervals without a frame, presumed dead after {@link STALL_HEARTBEATS}. The
 * interval is the feed's own (its hello announces it), {@link DEFAULT_HEARTBEAT_MS} until then.
 *
 * Silence is counted only while this thread could have read a frame. A check that runs late
 * says the thread was busy (a long task, a starved process) for as long as it is late, and
 * after such a block Node runs due timers before it reads the sockets, so the frames that came
 * meanwhile are still unread. Counting that time made a busy engine cut healthy connections,
 * and with a big source never come back: each reconnect's snapshots blocked it again.
 *
 * Lateness is measured on the monotonic clock, the timers' own: a block runs it, a machine's
 * sleep stops it, and the wall clock runs through both. So a laptop woken after an hour shows
 * its hour-old prices stalled at once, where the hour counted as busy showed them live for
 * another 1.5 heartbeats (on Linux and macOS, whose monotonic clocks stop in a sleep).
 */

/** No frame for this many heartbeat intervals: the connection is presumed dead and replaced. */
export const STALL_HEARTBEATS = 3;
/** No frame for this many heartbeat intervals: shown as stalled while we still wait. */
export const STALL_SHOWN_HEARTBEATS = 1.5;
/** Heartbeat bound assumed until the feed announces its own, ms. */
export const DEFAULT_HEARTBEAT_MS = 5_000;

/** What the watch tells its owner; `silentMs` is how long no frame has come. */
export interface StallHandlers {
  stalled(silentMs: number): void;
  dead(silentMs: number): void;
}

export class StallWatch {
  /**
   * When the last frame came, epoch ms. The owner writes it on every frame: a field write, so
   * the per-frame path makes no call for it.
   */
  lastFrameAt = 0;
  private heartbeatMs = DEFAULT_HEARTBEAT_MS;
  private timer: NodeJS.Timeout | undefined;
  private periodMs = 0;
  /** When the previous check ran, on the monotonic clock (`performance.now`), ms. */
  private lastCheckAt = 0;
  /** The last frame's time as the previous check saw it. */
  private frameSeenAt = 0;
  /** How long, since that frame, this thread was too busy to read another, ms. */
  private busyMs = 0;

  constructor(private readonly handlers: StallHandlers) {}

  /** A connection opened at `now`: watch it with the default heartbeat until its hello. */
  start(now: number): void {
    this.lastFrameAt = now;
    this.heartbeatMs = DEFAULT_HEARTBEAT_MS;
    this.arm();
  }

  /** The feed announced its heartbeat, ms: the stall bound follows it. */
  heartbeat(ms: number): void {
    if (ms === this.heartbeatMs) return;
    this.heartbeatMs = ms;
    this.arm();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private arm(): void {
    clearInterval(this.timer);
    this.periodMs = Math.max(10, this.heartbeatMs / 4);
    this.lastCheckAt = performance.now();
    this.timer = setInterval(() => this.check(Date.now(), performance.now()), this.periodMs);
  }

  /** `now` on the wall clock (the frames' times), `monoNow` on the monotonic one. */
  private check(now: number, monoNow: number): void {
    if (this.lastFrameAt !== this.frameSeenAt) {
      this.frameSeenAt = this.lastFrameAt;
      this.busyMs = 0;
    }
    const lateMs = monoNow - this.lastCheckAt - this.periodMs;
    this.lastCheckAt = monoNow;
    if (lateMs > 0) this.busyMs = Math.min(this.busyMs + lateMs, now - this.lastFrameAt);
    const silentMs = now - this.lastFrameAt - this.busyMs;
    // Shown as stalled first even when a late timer finds it already past the bound.
    if (silentMs > STALL_SHOWN_HEARTBEATS * this.heartbeatMs) this.handlers.stalled(silentMs);
    if (silentMs > STALL_HEARTBEATS * this.heartbeatMs) this.handlers.dead(silentMs);
  }
}
