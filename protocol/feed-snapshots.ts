/**
 * Snapshot states: the full current state of one instrument, carried by the `snapshot`
 * message. A snapshot replaces, never merges. Part of the wire protocol of ./feed.ts, which
 * re-exports them.
 */
import type { BookLevel, Incident, MatchStatus } from './feed-ticks';

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
