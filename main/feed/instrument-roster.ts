/**
 * The states a feed's instrument list is given: on each new `hello`, the instruments still
 * announced (same id and kind) keep theirs, moved into a fresh market table in list order; new
 * ones get fresh states; the rest are dropped. Apart from the fold (./feed-state.ts) because it
 * runs once a hello, never a tick, and is the one place states are made, kept or dropped.
 */
import type { Instrument } from '../../protocol/feed';
import { historyLimits } from './history-budget';
import type { MarketLogs } from './market-logs';
import { MarketState } from './market-state';
import { MarketColumns } from './market-state-columns';
import { MatchState } from './match-state';
import type { SequenceTracker, SeqCell } from './sequence-tracker';

/**
 * An announced instrument as the fold reaches it for a tick not of a market's kinds (a
 * market's ticks go to its state in {@link Roster.markets}, which is its own seq cell: one
 * lookup and no object between it and the market's record).
 */
export interface Slot {
  readonly match: MatchState | null;
  readonly seq: SeqCell;
}

/** The fold's tables a new list restocks, in place (the fold and its readers keep them). */
export interface Roster {
  readonly markets: Map<string, MarketState>;
  readonly matches: Map<string, MatchState>;
  readonly slots: Map<string, Slot>;
  readonly sequence: SequenceTracker;
  /** Series points, tape trades and closed bars of every market, before they reach their rings. */
  readonly logs: MarketLogs;
}

/**
 * Restocks `roster` for `list`. Each instrument's history limit follows the new count: a
 * longer list lowers it (the newest history is kept), a shorter one raises it.
 */
export function adoptInstruments(roster: Roster, list: readonly Instrument[]): void {
  const { markets, matches, slots, sequence, logs } = roster;
  const wereMarkets = new Map(markets);
  const wereMatches = new Map(matches);
  markets.clear();
  matches.clear();
  // Markets that leave must not stay reachable from the logs, nor kept ones lose rows.
  logs.drainAll();
  // A fresh table holds only the markets listed now, in list order; kept ones move in.
  const columns = new MarketColumns(Math.max(1, list.length));
  for (const inst of list) {
    if (inst.kind === 'market') {
      const kept = wereMarkets.get(inst.id);
      kept?.moveTo(columns);
      markets.set(inst.id, kept ?? new MarketState(columns, logs));
    } else matches.set(inst.id, wereMatches.get(inst.id) ?? new MatchState());
  }
  // A new state's rings hold a few rows until ticks arrive, so setting its limit after
  // creating it moves no memory; a kept state's ring is cut to the newest rows if need be.
  const limits = historyLimits(markets.size, matches.size);
  for (const market of markets.values()) market.setSeriesCapacity(limits.seriesPoints);
  for (const match of matches.values()) match.setOddsCapacity(limits.oddsPoints);
  const ids = new Set([...markets.keys(), ...matches.keys()]);
  sequence.retain(ids);
  slots.clear();
  for (const id of ids) {
    // An id listed as a market and a match too keeps one sequence, its market's.
    sequence.bind(id, markets.get(id) ?? { seq: NaN });
    slots.set(id, { match: matches.get(id) ?? null, seq: sequence.cell(id) });
  }
}
