/**
 * The seam between a socket and the engine. The feed client knows sockets (connect, stall,
 * reconnect); a {@link FeedProtocol} knows one dialect: where to connect, what to send once
 * the socket opens, and how raw frames become the engine's messages. The engine folds only
 * Tickdeck {@link ServerMessage}s, so an exchange adapter's job is to translate its frames
 * into them (a synthetic `hello` announcing its instruments and a heartbeat bound, `snapshot`s,
 * `ticks` with per-instrument `seq` rising by 1 per event, `status` errors).
 */
import type { FeedSource, InstrumentNotice } from '../../protocol/health';
import type { ServerMessage } from '../../protocol/feed';
import type { FeedTarget } from '../../protocol/feed-target';

/** An instrument whose state the dialect itself found broken, and how it broke. */
export interface LostState {
  readonly instrument: string;
  /** `gap`: events were missed upstream. `checksum`: the book failed its check (checksum, crossed). */
  readonly reason: 'gap' | 'checksum';
}

/** What one raw frame became: messages to fold (possibly none), or why it was rejected. */
export type FrameResult =
  | {
      readonly ok: true;
      readonly messages: readonly ServerMessage[];
      /**
       * The dialect vouches that this frame's snapshots are its source's state now, not served
       * from a store: an exchange's reply to a subscription, which proves the connection live as
       * a tick does (./client-state.ts). Never set for the Tickdeck protocol, whose server may be
       * a NATS desk's gateway serving the stored states of a dead relay (bug 130).
       */
      readonly snapshotsCurrent?: true;
      /** Frames to send back at once (an exchange's application-level pong). */
      readonly reply?: readonly string[];
      /** Instruments whose state the dialect itself found broken (e.g. a book checksum). */
      readonly resync?: readonly LostState[];
      /** The feed announced it will drop us: replace the connection now, for this reason. */
      readonly reconnect?: string;
      /** Nothing is left to connect for (the venue refused every symbol): fail, for this reason. */
      readonly fail?: string;
    }
  | { readonly ok: false; readonly error: string };

/** A replay transport request, as {@link FeedConnection.replayControl} encodes it. */
export interface ReplayControlArgs {
  readonly action: 'pause' | 'resume' | 'seek' | 'speed';
  readonly to?: number;
  readonly speed?: number;
}

/** One socket's worth of a dialect; created afresh for every connection attempt. */
export interface FeedConnection {
  /**
   * Frames to send as soon as the socket opens. `resume` holds the last `seq` folded per
   * instrument (empty on a first connection) so the feed can replay what was missed.
   */
  open(resume: ReadonlyMap<string, number>, requestId: number): readonly string[];
  /**
   * Turns one received text frame into messages; never throws. `receivedAt` (epoch ms, default
   * now) is when the socket delivered it: recordings store the same time, so a replay that
   * passes it back sees the clock the live session saw.
   */
  decode(text: string, receivedAt?: number): FrameResult;
  /**
   * A large frame cut into frames of its own, in order, whose decodes together give what the
   * whole frame's decode gives, so the engine can decode it a part a turn; null when it is not
   * cut. Absent in a dialect whose frames are small.
   */
  pieces?(text: string): readonly string[] | null;
  /**
   * Frames asking for fresh snapshots of instruments whose sequence has a gap. An empty
   * list means the dialect cannot resync in place; the client then reconnects.
   */
  resync(instruments: readonly string[], requestId: number): readonly string[];
  /** Encodes a replay control request; absent when the dialect has no replay. */
  replayControl?(request: ReplayControlArgs, requestId: number): string;
  /** An application-level keepalive some exchanges need besides WebSocket pings. */
  readonly keepalive?: { readonly intervalMs: number; frame(): string };
}

/** Limits a feed imposes on its clients; the feed client honours them. */
export interface ConnectionRules {
  /** Renew the connection when it is this old (before the feed would cut it), ms. */
  readonly maxConnectionAgeMs?: number;
  /** Send at most this many frames in any second; the rest wait in order. */
  readonly maxSendPerSecond?: number;
}

/** A dialect bound to an endpoint: what the engine connects to. */
export interface FeedProtocol {
  /** `ws://` or `wss://` URL to connect to. */
  readonly url: string;
  /** How the health bar names this source. */
  readonly source: FeedSource;
  readonly rules?: ConnectionRules;
  /** Starts the per-connection state of the dialect. */
  createConnection(): FeedConnection;
  /**
   * Instruments the dialect names at `now` (epoch ms) beyond their ticks: silent far beyond
   * their pace, or not trading by the venue's word. Exchange feeds only; as the dialect names
   * them, unqualified.
   */
  notices?(now: number): readonly InstrumentNotice[];
}

/** Target of an exchange feed, as parsed from `Settings.feed`. */
export type ExchangeTarget = Extract<FeedTarget, { kind: 'exchange' }>;

/**
 * Builds the protocol for an exchange target; `endpoint` overrides the exchange's default URL
 * (`Settings.feedEndpoint`). Throws an Error with a user-readable message when unsupported.
 */
export type ExchangeProtocolFactory = (
  target: ExchangeTarget,
  endpoint: string | null,
) => FeedProtocol;
