/**
 * Ticks: one event of one instrument, carried by the `ticks` message. `seq` rises by exactly 1
 * per event of that instrument. Part of the wire protocol of ./feed.ts, which re-exports them.
 */

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

/**
 * Phases of a match, as ticks and snapshots give them. Beside the usual four, what sports feeds
 * report when play does not go as planned: `suspended` (play stopped, expected to resume:
 * weather, floodlights, crowd), `postponed` (will not start at its kick-off time), `abandoned`
 * (stopped for good, the score as it stood) and `cancelled` (will not be played).
 */
export const MATCH_STATUSES = [
  'scheduled',
  'live',
  'halftime',
  'finished',
  'suspended',
  'postponed',
  'abandoned',
  'cancelled',
] as const;
/** Phase of a match. */
export type MatchStatus = (typeof MATCH_STATUSES)[number];
/** The phases of a match called off: it will not be played, or not finished, as planned. */
export const CALLED_OFF_STATUSES: ReadonlySet<MatchStatus> = new Set([
  'postponed',
  'abandoned',
  'cancelled',
]);

/** A match's phase changed. */
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

// Keyed by the union, so a sports kind added to it and not here fails to compile.
const SPORTS_KINDS: Record<SportsTick['kind'], true> = {
  score: true,
  clock: true,
  odds: true,
  status: true,
  incident: true,
};
/** The tick kinds a match folds (a market's are the rest it knows). */
export const SPORTS_TICK_KINDS: ReadonlySet<string> = new Set(Object.keys(SPORTS_KINDS));
