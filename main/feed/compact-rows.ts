/**
 * A consumer's compact rows for one batch: the latest values of the instruments its sweep
 * (./compact-sweep.ts) says are due, outside its interest and changed since it last got them,
 * written into the batch's columnar shape (protocol/batch.ts, `CompactRows`) with no object
 * per row.
 */
import type { CompactRows } from '../../protocol/batch';
import { COMPACT_ROW_FIELDS } from '../../protocol/batch';
import { cursorFor, type Cursor } from './batch-cursor';
import type { MarketState } from './market-state';

/**
 * The compact rows of `due` (ids in sweep order) for a consumer with these `cursors`, leaving
 * out `shown` (its interest: those travel in full); `sawTick` hears each row's tick time.
 * Undefined when no row is owed.
 */
export function compactRows(
  due: readonly string[],
  shown: ReadonlySet<string>,
  markets: ReadonlyMap<string, MarketState>,
  cursors: Map<string, Cursor>,
  sawTick: (ts: number) => void,
): CompactRows | undefined {
  const ids: string[] = [];
  const values: number[] = [];
  for (const id of due) {
    if (shown.has(id)) continue;
    const state = markets.get(id);
    if (state === undefined) continue;
    const cursor = cursorFor(cursors, id, state);
    if (cursor.version === state.version) continue;
    cursor.version = state.version;
    ids.push(id);
    for (const field of COMPACT_ROW_FIELDS) values.push(state[field]);
    sawTick(state.ts);
  }
  return ids.length === 0 ? undefined : { ids, values };
}
