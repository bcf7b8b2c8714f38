/**
 * A feed client's connection state as the user sees it (`ConnectionState`), and the one rule
 * for when it is live: at the connection's first tick or heartbeat, the feed's own word that
 * its data is being updated now (or a replay's state, or snapshots its dialect vouches are
 * current: {@link provesLive}). Not at the socket's opening: a NATS desk's gateway opens at
 * once and says nothing while nats-server is away (bug 126). Not at a hello or a snapshot
 * either: a server may serve those from store, as a NATS desk's gateway serves the stored
 * hello and states of a source whose relay is dead (bug 130), so they show as the last states,
 * greyed, with the time since the last update still counting, until the feed proves it lives.
 * The silence it reports counts from that proof too: a connection that served only stored
 * states said "no data for 1.6 s" over data a minute old (bug 131).
 */
import type { ServerMessage } from '../../protocol/feed';
import type { ConnectionState } from '../../protocol/health';
import type { Backoff } from './backoff';

/**
 * True when a frame's `messages` prove the feed is updated now: a tick or a heartbeat; a
 * replay's state (a replay server saying where its playback stands, paused or not: a paused
 * replay sends no tick, and read connecting until its next heartbeat); or snapshots its dialect
 * vouches for (`snapshotsCurrent`, `FrameResult` in ./feed-protocol.ts: an exchange's
 * subscription reply, which read connecting until the venue's next heartbeat).
 */
export function provesLive(messages: readonly ServerMessage[], snapshotsCurrent = false): boolean {
  return messages.some(
    (m) =>
      m.op === 'ticks' ||
      m.op === 'heartbeat' ||
      m.op === 'replay' ||
      (snapshotsCurrent && m.op === 'snapshot'),
  );
}

export class ClientState {
  private current: ConnectionState = { state: 'closed' };
  /** Connection attempts since a connection last went live. */
  private attempt = 0;
  /** Whether the current connection has gone live (it may stall and come back since). */
  private wentLive = false;
  /**
   * Since when the feed has given no proof of life, epoch ms: its last one, or the first
   * attempt when none came (a desk started while its relay is away has had no word from its
   * feed since, whatever stored states it was served); null before any attempt.
   */
  private silentSince: number | null = null;

  constructor(
    private readonly report: (state: ConnectionState) => void,
    private readonly backoff: Backoff,
  ) {}

  /** A new connection attempt begins at `now`. */
  connecting(now = Date.now()): void {
    this.silentSince ??= now;
    this.attempt++;
    this.wentLive = false;
    this.set({ state: 'connecting', attempt: this.attempt });
  }

  /**
   * The current connection brought these `messages` at `at`, not yet told to the owner;
   * `snapshotsCurrent` as {@link provesLive}.
   */
  heard(messages: readonly ServerMessage[], at: number, snapshotsCurrent = false): void {
    if (!provesLive(messages, snapshotsCurrent)) return;
    this.silentSince = at;
    if (!this.wentLive) {
      this.wentLive = true;
      this.attempt = 0;
      this.backoff.live();
    }
    if (this.current.state !== 'live') this.set({ state: 'live' });
  }

  /**
   * How long the feed has said nothing, ms, as the user is told: `frameSilentMs` (the stall
   * watch's, since the last frame of any kind) once this connection has gone live; before
   * that, since the last proof of life of any connection (or the first attempt, when none has
   * proved live), as stored states are no word from the feed.
   */
  silence(frameSilentMs: number, now = Date.now()): number {
    if (this.wentLive || this.silentSince === null) return frameSilentMs;
    return Math.max(frameSilentMs, now - this.silentSince);
  }

  /** No frame for `frameSilentMs` (see {@link silence}). */
  stalled(frameSilentMs: number): void {
    this.set({ state: 'stalled', silentMs: this.silence(frameSilentMs) });
  }

  /** The connection is gone; the next attempt starts in `delayMs`. */
  reconnecting(reason: string, delayMs: number): void {
    this.set({
      state: 'reconnecting',
      attempt: this.attempt + 1,
      nextRetryAt: Date.now() + delayMs,
      reason,
    });
  }

  failed(reason: string): void {
    this.set({ state: 'failed', reason });
  }

  closed(): void {
    this.set({ state: 'closed' });
  }

  private set(state: ConnectionState): void {
    this.current = state;
    this.report(state);
  }
}
