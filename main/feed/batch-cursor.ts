/**
 * What one consumer has seen of one instrument, so its next batch carries only what changed:
 * the state's version, the end of its series (or odds history), of each bar ring, and of its
 * incidents. A cursor follows one state object and one history epoch; when either is replaced
 * the batcher drops the cursor and the instrument starts afresh.
 */
import type { MarketState } from './market-state';
import type { MatchState } from './match-state';

export interface Cursor {
  readonly state: MarketState | MatchState;
  /** The state's `historyEpoch` this cursor follows; when it rises, the instrument restarts. */
  readonly historyEpoch: number;
  version: number;
  /** End of the price series (market) or of the odds history (match) already sent. */
  pointsEnd: number;
  readonly barEnds: number[];
  readonly barUpdates: number[];
  incidentsEnd: number;
  /** True once a batch thinned this series: the consumer holds a coarse copy of some of it. */
  thinned: boolean;
}

/** The cursor of `id` in `cursors`, made (having seen nothing) when there is none. */
export function cursorFor(
  cursors: Map<string, Cursor>,
  id: string,
  state: MarketState | MatchState,
): Cursor {
  let cursor = cursors.get(id);
  if (cursor === undefined) {
    cursor = {
      state,
      historyEpoch: state.historyEpoch,
      version: -1,
      pointsEnd: 0,
      barEnds: [],
      barUpdates: [],
      incidentsEnd: 0,
      thinned: false,
    };
    cursors.set(id, cursor);
  }
  return cursor;
}
