/** Instrument states with round numbers a test can reason about: a market and a match. */
import type { MarketSnapshotState, MatchSnapshotState } from '../protocol/feed';

/** A market at 10, quoted 9 / 11, nothing traded yet. */
export const MARKET: MarketSnapshotState = {
  kind: 'market',
  bid: 9,
  ask: 11,
  bidSize: 1,
  askSize: 1,
  open: 10,
  high: 10,
  low: 10,
  last: 10,
  lastSize: 0,
  volume: 0,
  trades: 0,
  ts: 0,
};

/** A match before kick-off: 0-0, its clock stopped at zero. */
export const MATCH: MatchSnapshotState = {
  kind: 'sports',
  status: 'scheduled',
  home: 0,
  away: 0,
  clockMs: 0,
  running: false,
  odds: { home: 2, draw: 3, away: 4 },
  incidents: [],
  ts: 0,
};
