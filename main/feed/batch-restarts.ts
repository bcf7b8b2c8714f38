/**
 * When a consumer's cursors no longer match the state: instruments replaced under a known id,
 * instruments whose history started over, and a consumer whose series cursor fell out of a
 * ring (its deltas can no longer join up, so it is reset).
 */
import type { Cursor } from './batch-cursor';
import { emptyDepthCursor, type DepthCursor, type DepthSelection } from './depth-batch';
import type { BatchState } from './merged-state';

/** The part of a consumer these checks read and move. */
export interface RestartCursors {
  /** The state's `epoch` of the consumer's last batch: a new one resets it. */
  epoch: number;
  /** The state's `instrumentsVersion` of the consumer's last batch. */
  instrumentsVersion: number;
  /** The instrument whose book and tape the consumer is sent, or null. */
  selection: DepthSelection | null;
  readonly depth: DepthCursor;
  readonly cursors: Map<string, Cursor>;
  /**
   * Instruments this consumer was sent that left the list: should one come back, it restarts
   * (its history is not the one the consumer holds). Cleared on reset.
   */
  readonly gone: Set<string>;
  /** The state's `historyEpoch` last looked at. */
  historyEpoch: number | undefined;
  /** Instruments given full detail; null (nothing declared): every instrument. */
  interest: ReadonlySet<string> | null;
  /**
   * Instruments just put on a chart whose series the consumer was sent thinned (a row's
   * sparkline share): they restart in the next batch, so the chart gets their history in the
   * detail a chart is sent (MAX_CHARTED_SERIES_POINTS_PER_BATCH).
   */
  readonly recharted: Set<string>;
}

/** How a consumer's next batch begins. */
export interface CatchUp {
  /** Everything is re-sent: a new epoch, or the consumer's series fell out of a ring. */
  readonly reset: boolean;
  readonly instrumentsChanged: boolean;
  /** Instruments whose history starts over in this batch (`Batch.restarted`). */
  readonly restarted: string[];
}

/** Brings `c`'s cursors in line with the state before its next batch is built. */
export function catchUp(s: BatchState, c: RestartCursors): CatchUp {
  const reset = c.epoch !== s.epoch || fellBehind(s, c.cursors, c.interest);
  if (reset) {
    c.cursors.clear();
    c.gone.clear();
    Object.assign(c.depth, emptyDepthCursor());
    c.epoch = s.epoch;
  }
  const instrumentsChanged = c.instrumentsVersion !== s.instrumentsVersion;
  if (instrumentsChanged) dropReplaced(s, c);
  const restarted = reset ? [] : restarts(s, c, instrumentsChanged);
  for (const id of c.recharted) {
    if (reset || restarted.includes(id)) continue;
    c.cursors.delete(id);
    restarted.push(id);
  }
  c.recharted.clear();
  if (c.selection !== null && restarted.includes(c.selection.id))
    Object.assign(c.depth, emptyDepthCursor());
  return { reset, instrumentsChanged, restarted };
}

/**
 * Drops the cursors of instruments whose state object changed (one left and came back between
 * two of this consumer's batches, one unacked meanwhile): their history is not the one the
 * page holds. Called when the instrument list moved.
 */
function dropReplaced(s: BatchState, c: RestartCursors): void {
  for (const [id, cursor] of c.cursors) {
    if ((s.markets.get(id) ?? s.matches.get(id)) === cursor.state) continue;
    c.cursors.delete(id);
    c.gone.add(id);
  }
}

/**
 * The instruments whose history started over since the consumer's last batch (their state's
 * `historyEpoch` rose, or one that left came back): their cursors start afresh, so the batch
 * carries their whole state. Looked for only when the state's `historyEpoch` or instrument
 * list moved.
 */
function restarts(s: BatchState, c: RestartCursors, instrumentsChanged: boolean): string[] {
  const moved = s.historyEpoch !== undefined && c.historyEpoch !== s.historyEpoch;
  if (!moved && !instrumentsChanged) return [];
  c.historyEpoch = s.historyEpoch;
  const restarted: string[] = [];
  if (moved) {
    for (const [id, cursor] of c.cursors) {
      const state = s.markets.get(id) ?? s.matches.get(id);
      if (state === cursor.state && state.historyEpoch === cursor.historyEpoch) continue;
      c.cursors.delete(id);
      restarted.push(id);
    }
  }
  for (const id of c.gone) {
    if (!s.markets.has(id) && !s.matches.has(id)) continue;
    c.gone.delete(id);
    restarted.push(id);
  }
  return restarted;
}

/**
 * True when a consumer's series cursor fell out of a ring: deltas can no longer join up. Only
 * instruments it shows in full (`shown`; null: all) count; the others send no series, and
 * their points resume from the ring's start when they come into interest.
 */
function fellBehind(
  s: BatchState,
  cursors: ReadonlyMap<string, Cursor>,
  shown: ReadonlySet<string> | null,
): boolean {
  // With an interest, walk its few ids rather than every cursor: compact rows give each of
  // thousands of instruments a cursor, and this runs before every batch.
  for (const id of shown ?? cursors.keys()) {
    const cursor = cursors.get(id);
    if (cursor === undefined) continue;
    const state = s.markets.get(id);
    if (state === cursor.state && cursor.pointsEnd < state.series.start) return true;
  }
  return false;
}
