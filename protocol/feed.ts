/**
 * The Tickdeck wire protocol, version 1: JSON text frames over WebSocket, one object per
 * frame, discriminated by `op`. docs/PROTOCOL.md documents every message with an example.
 *
 * The shapes here are the contract between any feed (the simulator, a replay server, a
 * third-party server) and any client (the app's feed engine, scripts, load tests).
 */

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
// Instruments

/** A tradable market instrument (equity-like, quoted in `currency`). */
export interface MarketInstrument {
  readonly id: string;
  readonly kind: 'market';
  /** Human-readable name, e.g. "Acme Corp". */
  readonly name: string;
  /** Sector the simulator correlates prices within; free text for other feeds. */
  readonly sector?: string;
  readonly currency?: string;
  /** Smallest price increment; prices are always a whole multiple of it. */
  readonly tickSize: number;
  /** Price decimals to show, so display never invents precision. */
  readonly decimals?: number;
}

/** A football match. */
export interface SportsInstrument {
  readonly id: string;
  readonly kind: 'sports';
  /** Human-readable name, e.g. "Harbor City v Northvale". */
  readonly name: string;
  readonly home: string;
  readonly away: string;
  readonly competition?: string;
  /** Kick-off, epoch ms. */
  readonly startTime?: number;
}

/** Anything a feed can stream. */
export type Instrument = MarketInstrument | SportsInstrument;

// ---------------------------------------------------------------------------------------------
// Ticks: one event of one instrument. `seq` rises by exactly 1 per event of that instrument.

interface TickBase {
  /** Instrument id. */
  readonly instrument: string;
  /**
   * Per-instrument sequence number of the last event this tick stands for. Without
   * conflation a tick stands for one event, so consecutive ticks of an instrument have
   * `seq` n, n+1, n+2, ...
   */
  readonly seq: number;
  /** Event time, epoch ms (when the feed produced it). */
  readonly ts: number;
  /**
   * How many consecutive events this tick stands for when the server conflated them
   * (latest quote wins, trades aggregated). Absent means 1. The continuity rule is
   * `seq === previousSeq + (conflated ?? 1)`.
   */
  readonly conflated?: number;
}

/** Top of book. */
export interface QuoteTick extends TickBase {
  readonly kind: 'quote';
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

/** Aggressor side of a trade. */
export type TradeSide = 'buy' | 'sell';

/** A trade, or several trades aggregated under conflation. */
export interface TradeTick extends TickBase {
  readonly kind: 'trade';
  /** Price of the (last) trade. */
  readonly price: number;
  /** Size of the trade, or total size of the aggregated trades. */
  readonly size: number;
  readonly side: TradeSide;
  /** Number of trades aggregated; absent means 1. */
  readonly count?: number;
  /** Highest and lowest price among aggregated trades, so bars lose nothing under conflation. */
  readonly high?: number;
  readonly low?: number;
}

/** One price level: `[price, size]`, best first on each side. */
export type BookLevel = readonly [price: number, size: number];

/**
 * Level-2 order book changes of a market instrument: each level sets the size at its price,
 * size 0 removes the price. With `full` the levels are the whole book (both sides), replacing
 * what the client held. Either way the best bid and ask equal the instrument's latest quote
 * once the book ticks of a step are applied. Each side carries at most
 * `MAX_BOOK_LEVELS` (limits.ts) levels.
 */
export interface BookTick extends TickBase {
  readonly kind: 'book';
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** True when `bids` and `asks` are the whole book rather than changes. */
  readonly full?: boolean;
}

/** Full-time score of a match so far. */
export interface ScoreTick extends TickBase {
  readonly kind: 'score';
  readonly home: number;
  readonly away: number;
}

/** Match clock: elapsed match time in ms (45 min halves), and whether it is running. */
export interface ClockTick extends TickBase {
  readonly kind: 'clock';
  readonly clockMs: number;
  readonly running: boolean;
}

/** Decimal 1X2 odds (home win, draw, away win), bookmaker margin included. */
export interface OddsTick extends TickBase {
  readonly kind: 'odds';
  readonly home: number;
  readonly draw: number;
  readonly away: number;
}

/** Phase of a match. */
export type MatchStatus = 'scheduled' | 'live' | 'halftime' | 'finished';

export interface StatusTick extends TickBase {
  readonly kind: 'status';
  readonly status: MatchStatus;
}

/** What happened in a match incident. */
export type IncidentType = 'goal' | 'yellow-card' | 'red-card' | 'substitution';

/** One match incident. */
export interface Incident {
  readonly type: IncidentType;
  readonly team: 'home' | 'away';
  /** Match time of the incident, ms. */
  readonly clockMs: number;
  readonly player?: string;
}

export interface IncidentTick extends TickBase, Incident {
  readonly kind: 'incident';
}

/** Market tick kinds. */
export type MarketTick = QuoteTick | TradeTick | BookTick;
/** Sports tick kinds. */
export type SportsTick = ScoreTick | ClockTick | OddsTick | StatusTick | IncidentTick;
/** Any tick. */
export type Tick = MarketTick | SportsTick;
/** The `kind` discriminator of a tick. */
export type TickKind = Tick['kind'];

// ---------------------------------------------------------------------------------------------
// Snapshot states: the full current state of one instrument. A snapshot replaces, never merges.

/** Full state of a market instrument. Prices are NaN-free; absent trade fields mean "no trade yet". */
export interface MarketSnapshotState {
  readonly kind: 'market';
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  /** Session open (reference for change since open). */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly last: number;
  readonly lastSize: number;
  readonly volume: number;
  readonly trades: number;
  /** Time of the last event, epoch ms. */
  readonly ts: number;
  /** The order book, when the feed keeps one for this instrument. */
  readonly book?: BookState;
}

/** A whole order book: bids high to low, asks low to high, every size above 0. */
export interface BookState {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/** Full state of a match; `incidents` holds the most recent ones (bounded). */
export interface MatchSnapshotState {
  readonly kind: 'sports';
  readonly status: MatchStatus;
  readonly home: number;
  readonly away: number;
  readonly clockMs: number;
  readonly running: boolean;
  readonly odds: { readonly home: number; readonly draw: number; readonly away: number };
  readonly incidents: readonly Incident[];
  readonly ts: number;
}

export type SnapshotState = MarketSnapshotState | MatchSnapshotState;

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

// ---------------------------------------------------------------------------------------------
// Client -> server messages

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
