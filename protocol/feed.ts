/**
 * The Tickdeck wire protocol, version 1: JSON text frames over WebSocket, one object per
 * frame, discriminated by `op`. docs/PROTOCOL.md documents every message with an example.
 *
 * The shapes here are the contract between any feed (the simulator, a replay server, a
 * third-party server) and any client (the app's feed engine, scripts, load tests). What a client
 * may send is ./feed-requests.ts.
 */
import type { Instrument } from './feed-instruments';
import type { SnapshotState } from './feed-snapshots';
import type { Tick } from './feed-ticks';

// The shapes the messages carry, each kind in its own module; re-exported here because most of
// the codebase imports the protocol from this one door.
export type { Instrument, MarketInstrument, SportsInstrument } from './feed-instruments';
export type {
  BookLevel,
  BookTick,
  ClockTick,
  Incident,
  IncidentTick,
  IncidentType,
  MarketTick,
  MatchStatus,
  OddsTick,
  QuoteTick,
  ScoreTick,
  SportsTick,
  StatusTick,
  Tick,
  TickKind,
  TradeSide,
  TradeTick,
} from './feed-ticks';
export type {
  BookState,
  MarketSnapshotState,
  MatchSnapshotState,
  SnapshotState,
} from './feed-snapshots';

/** The protocol version this module describes; sent in `hello.protocol`. */
export const PROTOCOL_VERSION = 1;

/** Largest text frame a peer must accept, in bytes; bigger client frames are closed with 1009. */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/** WebSocket close codes used by the protocol, with RFC 6455 meanings where they exist. */
export const CLOSE_CODES = {
  /** Server shutting down (SIGINT/SIGTERM) or client going away. */
  GOING_AWAY: 1001,
  /** Frame larger than {@link MAX_CLIENT_FRAME_BYTES}. */
  MESSAGE_TOO_BIG: 1009,
  /** Policy violation: request flood. */
  POLICY_VIOLATION: 1008,
  /** Server at its client limit. */
  TRY_AGAIN_LATER: 1013,
  /** Application code: the client could not keep up and was cut (slow-consumer policy). */
  SLOW_CONSUMER: 4000,
  /** Application code: the chaos scenario dropped the connection on purpose. */
  CHAOS_DISCONNECT: 4001,
} as const;

// ---------------------------------------------------------------------------------------------
// Server -> client messages

/** Replay position and controls, present when the server replays a recording. */
export interface ReplayInfo {
  /** Recorded time span, epoch ms. */
  readonly start: number;
  readonly end: number;
  /** Current position in recorded time, epoch ms. */
  readonly position: number;
  readonly playing: boolean;
  /** Speed factor; 0 means as fast as possible. */
  readonly speed: number;
  readonly loop: boolean;
}

/** First message on every connection. */
export interface HelloMessage {
  readonly op: 'hello';
  readonly protocol: typeof PROTOCOL_VERSION;
  /** The server sends a heartbeat at least this often when nothing else flows. */
  readonly heartbeatMs: number;
  readonly instruments: readonly Instrument[];
  /** Free-text server name, e.g. "tickdeck-simulator/0.1.0 seed=42 scenario=steady". */
  readonly server?: string;
  /** Present when the server replays a recording. */
  readonly replay?: ReplayInfo;
}

/** Machine-readable error codes carried in a failed status. */
export type ErrorCode =
  | 'BAD_JSON'
  | 'BAD_REQUEST'
  | 'UNKNOWN_OP'
  | 'UNKNOWN_INSTRUMENT'
  | 'RATE_LIMITED'
  | 'NOT_REPLAY'
  | 'INTERNAL';

/** The reply to every request. `id` is null when the request had no readable id. */
export type StatusMessage =
  | { readonly op: 'status'; readonly id: number; readonly ok: true }
  | {
      readonly op: 'status';
      readonly id: number | null;
      readonly ok: false;
      readonly error: { readonly code: ErrorCode; readonly message: string };
    };

/** Full current state of one instrument: sent on subscribe, on a resync request, or at any time. */
export interface SnapshotMessage {
  readonly op: 'snapshot';
  readonly instrument: string;
  /** Sequence number of the last event folded into `state`; the next tick has `seq + 1`. */
  readonly seq: number;
  readonly state: SnapshotState;
  /**
   * Sent unasked because the client missed this instrument's last events, which no later tick
   * would have shown (a NATS desk's lost tail, docs/PROTOCOL.md "Lost tails"): the client counts
   * a gap, already repaired by this snapshot.
   */
  readonly lostTail?: true;
}

/**
 * One or more ticks, in order. A client ignores ticks of a kind it does not know (a later
 * protocol version may add kinds) but still counts their `seq`: they are events of the
 * instrument like any other.
 */
export interface TicksMessage {
  readonly op: 'ticks';
  readonly ticks: readonly Tick[];
}

/** Sent at the announced interval; proves the feed is alive when nothing else flows. */
export interface HeartbeatMessage {
  readonly op: 'heartbeat';
  readonly ts: number;
}

/** Replay position, sent by replay servers about once a second and after every control. */
export interface ReplayStateMessage {
  readonly op: 'replay';
  readonly state: ReplayInfo;
  /**
   * True on the message that follows a seek (or a loop back to the start): clients drop the
   * history they hold from after `state.position` and take current values from the snapshots
   * that follow it.
   */
  readonly seeked?: boolean;
}

/** Everything a server may send. */
export type ServerMessage =
  | HelloMessage
  | StatusMessage
  | SnapshotMessage
  | TicksMessage
  | HeartbeatMessage
  | ReplayStateMessage;
