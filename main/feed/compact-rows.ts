/**
 * A consumer's compact rows for one batch: the latest values of the instruments its sweep
 * (./compact-sweep.ts) says are due, outside its interest and changed since it last got them,
 * written into the batch's columnar shape (protocol/market-rows.ts, `CompactRows`) with no object
 * per row.
 */
import { COMPACT_ROW_FIELDS, type CompactRows } from '../../protocol/market-rows';
import { cursorFor, type Cursor } from './batch-cursor';
import type { MarketState } from './market-state';
import { tickTime } from './tick-time';

/**
 * The compact rows of `due` (ids in sweep order) for a consumer with these `cursors`, leaving
 * out `shown` (its interest: those travel in full); `sawTick` hears each row's tick time (0 after a snapshot).
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
  const states: MarketState[] = [];
  for (const id of due) {
    if (shown.has(id)) continue;
    const state = markets.get(id);
    if (state === undefined) continue;
    const cursor = cursorFor(cursors, id, state);
    if (cursor.version === state.version) continue;
    cursor.version = state.version;
    ids.push(id);
    states.push(state);
    sawTick(tickTime(state));
  }
  if (ids.length === 0) return undefined;
  // Sized once, written in place: pushing grows the array through copies.
  const values = new Array<number>(ids.length * WIDTH);
  for (let i = 0; i < states.length; i++) writeRow(values, i * WIDTH, states[i]!);
  return { ids, values };
}

const WIDTH = COMPACT_ROW_FIELDS.length;

/**
 * Writes `m`'s fields from `at`, in `COMPACT_ROW_FIELDS` order (compact-rows.test.ts holds the
 * two to each other). Named reads, not a loop over the field names: a read by a computed name
 * calls the getter unoptimised and boxes every number it returns, more garbage than an object
 * per row (docs/PERFORMANCE.md, "Scale curve: instruments").
 */
function writeRow(values: number[], at: number, m: MarketState): void {
  values[at] = m.bid;
  values[at + 1] = m.ask;
  values[at + 2] = m.bidSize;
  values[at + 3] = m.askSize;
  values[at + 4] = m.last;
  values[at + 5] = m.open;
  values[at + 6] = m.high;
  values[at + 7] = m.low;
  values[at + 8] = m.volume;
  values[at + 9] = m.trades;
  values[at + 10] = m.ts;
}
