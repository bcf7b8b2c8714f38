/**
 * The Tickdeck wire protocol's client -> server messages (./feed.ts has the server's): each a
 * request with an `id` the server's `status` reply echoes. docs/PROTOCOL.md documents each with
 * an example.
 */

/** Subscribe to instruments (`["*"]` for all). */
export interface SubscribeRequest {
  readonly op: 'subscribe';
  readonly id: number;
  readonly instruments: readonly string[];
  /** Conflate this subscription's ticks over windows of this many ms (0 or absent: none). */
  readonly conflateMs?: number;
  /** Last seq seen per instrument: the server replays what followed, or sends a snapshot. */
  readonly resume?: Readonly<Record<string, number>>;
  /**
   * Ask for a fresh snapshot of these instruments even when subscribed (gap recovery).
   * Used with `instruments` listing them.
   */
  readonly snapshot?: boolean;
}

/** Stop the ticks of these instruments. */
export interface UnsubscribeRequest {
  readonly op: 'unsubscribe';
  readonly id: number;
  readonly instruments: readonly string[];
}

/** Replay control: only servers that announced `hello.replay` accept it. */
export interface ReplayControlRequest {
  readonly op: 'replay';
  readonly id: number;
  readonly action: 'pause' | 'resume' | 'seek' | 'speed';
  /** For `seek`: target recorded time, epoch ms. */
  readonly to?: number;
  /** For `speed`: factor, 0 for as fast as possible. */
  readonly speed?: number;
}

/** Everything a client may send. */
export type ClientMessage = SubscribeRequest | UnsubscribeRequest | ReplayControlRequest;
