/**
 * What a consumer is sent of the selected instrument's depth: the top of its book, bounded to
 * the levels the page shows, and the trades it has not seen yet. Kept apart from the batcher's
 * rows and series so the selection costs nothing for the instruments not selected.
 */
import type { DepthDelta } from '../../protocol/batch';
import type { DepthState } from './depth-state';
import type { MarketState } from './market-state';
import { TAPE_PRICE, TAPE_SIDE, TAPE_SIZE, TAPE_T } from './depth-state';

/** The page's selection: which instrument, and how many levels a side it shows. */
export interface DepthSelection {
  readonly id: string;
  readonly levels: number;
}

/** What one consumer has seen of the selected instrument's depth. */
export interface DepthCursor {
  id: string | null;
  depth: DepthState | null;
  version: number;
  levels: number;
  /** End of the tape already sent. */
  tapeEnd: number;
}

export function emptyDepthCursor(): DepthCursor {
  return { id: null, depth: null, version: -1, levels: 0, tapeEnd: 0 };
}

/**
 * The delta for `cursor`, or undefined when it has seen this depth already. A new selection
 * (or a new state object: the instrument left and came back) starts the tape afresh.
 */
export function depthDelta(
  selection: DepthSelection,
  depth: DepthState,
  cursor: DepthCursor,
): DepthDelta | undefined {
  const fresh = cursor.id !== selection.id || cursor.depth !== depth;
  if (!fresh && cursor.version === depth.version && cursor.levels === selection.levels)
    return undefined;
  const tape = depth.tape;
  const from = fresh ? tape.start : Math.max(cursor.tapeEnd, tape.start);
  const tapeReset = fresh || cursor.tapeEnd < tape.start;
  cursor.id = selection.id;
  cursor.depth = depth;
  cursor.version = depth.version;
  cursor.levels = selection.levels;
  cursor.tapeEnd = tape.end;
  const book = depth.book;
  return {
    id: selection.id,
    book: book === null ? null : book.top(depth.bookValid ? selection.levels : 0),
    resyncing: book !== null && !depth.bookValid,
    tapeReset,
    trades: {
      t: tape.slice(TAPE_T, from),
      price: tape.slice(TAPE_PRICE, from),
      size: tape.slice(TAPE_SIZE, from),
      side: tape.slice(TAPE_SIDE, from),
    },
  };
}

/**
 * The delta of the selected instrument's depth for `cursor`, or undefined: none selected, the
 * selection names no market (the cursor then forgets what it saw), or nothing new.
 */
export function depthFor(
  selection: DepthSelection | null,
  markets: ReadonlyMap<string, MarketState>,
  cursor: DepthCursor,
): DepthDelta | undefined {
  const state = selection === null ? undefined : markets.get(selection.id);
  if (selection === null || state === undefined) {
    Object.assign(cursor, emptyDepthCursor());
    return undefined;
  }
  return depthDelta(selection, state.depth, cursor);
}
