/** What a watchlist row shows, derived from the engine's latest market values. */
import type { MarketRow } from '../../../protocol/market-rows';
import type { MarketInstrument } from '../../../protocol/feed';
import { inferredDecimals } from '../../../shared/price-decimals';

/** Direction of the latest price move: 1 up, -1 down, 0 none yet. */
export type Direction = 1 | -1 | 0;

export interface RowView {
  readonly id: string;
  readonly name: string;
  readonly decimals: number;
  readonly last: number;
  readonly change: number;
  readonly changePct: number;
  readonly bid: number;
  readonly ask: number;
  /** Quantity at the best bid and the best ask (top of book). */
  readonly bidSize: number;
  readonly askSize: number;
  /** Ask minus bid, in price units. */
  readonly spread: number;
  readonly volume: number;
  /** Direction of the last change of `last`; kept until the next change. */
  readonly dir: Direction;
  /** Rises each time `last` changes, so a view can restart its flash. */
  readonly moves: number;
}

/** Most decimals shown: `toFixed` refuses more than this. */
const MAX_SHOWN_DECIMALS = 20;

/**
 * Decimals a price is shown with: the instrument's declared ones, else those its tick size
 * implies (0.01 -> 2), read without float noise (0.009999999999999998 is 0.01 too).
 */
export function decimalsOf(instrument: MarketInstrument | undefined): number {
  if (!instrument) return 2;
  if (instrument.decimals !== undefined)
    return Math.min(MAX_SHOWN_DECIMALS, Math.max(0, instrument.decimals));
  return inferredDecimals(instrument.tickSize);
}

/** Folds a market row into the previous view of the same instrument. */
export function toRowView(
  row: MarketRow,
  instrument: MarketInstrument | undefined,
  prev: RowView | undefined,
): RowView {
  const moved = prev !== undefined && row.last !== prev.last;
  const dir: Direction = moved ? (row.last > prev.last ? 1 : -1) : (prev?.dir ?? 0);
  const change = row.last - row.open;
  return {
    id: row.id,
    name: instrument?.name ?? row.id,
    // The instrument's latest word: a venue may declare its precision after the first prices.
    decimals: instrument ? decimalsOf(instrument) : (prev?.decimals ?? decimalsOf(undefined)),
    last: row.last,
    change,
    changePct: row.open !== 0 ? (change / row.open) * 100 : NaN,
    bid: row.bid,
    ask: row.ask,
    bidSize: row.bidSize,
    askSize: row.askSize,
    spread: row.ask - row.bid,
    volume: row.volume,
    dir,
    moves: (prev?.moves ?? 0) + (moved ? 1 : 0),
  };
}

/** Watchlist sort columns ('none' keeps the feed's instrument order). */
export type SortKey =
  'none' | 'id' | 'last' | 'change' | 'changePct' | 'bidSize' | 'askSize' | 'spread' | 'volume';
export interface SortSpec {
  readonly key: SortKey;
  /** 1 ascending, -1 descending. */
  readonly dir: 1 | -1;
}

/** Sorted copy of `rows` (stable; NaN last). */
export function sortRows(rows: readonly RowView[], sort: SortSpec): readonly RowView[] {
  if (sort.key === 'none') return rows;
  const key = sort.key;
  const copy = [...rows];
  copy.sort((a, b) => {
    if (key === 'id') return a.id.localeCompare(b.id) * sort.dir;
    const x = a[key];
    const y = b[key];
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
    if (Number.isNaN(y)) return -1;
    return (x - y) * sort.dir;
  });
  return copy;
}

/** Next sort after clicking a column: descending, then ascending, then the feed's order. */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key !== key) return { key, dir: key === 'id' ? 1 : -1 };
  const firstDir = key === 'id' ? 1 : -1;
  if (current.dir === firstDir) return { key, dir: firstDir === 1 ? -1 : 1 };
  return { key: 'none', dir: 1 };
}

/** Folds a batch's market rows into the current rows, in the feed's instrument order. */
export function foldRows(
  current: readonly RowView[],
  updates: readonly MarketRow[],
  instruments: readonly { readonly id: string; readonly kind: string }[],
  reset: boolean,
): RowView[] {
  const byId = new Map(reset ? [] : current.map((r) => [r.id, r]));
  const instrumentById = new Map(instruments.map((i) => [i.id, i]));
  for (const m of updates) {
    const instrument = instrumentById.get(m.id);
    const market = instrument?.kind === 'market' ? (instrument as MarketInstrument) : undefined;
    byId.set(m.id, toRowView(m, market, byId.get(m.id)));
  }
  const ordered: RowView[] = [];
  for (const i of instruments) {
    const row = byId.get(i.id);
    if (row && i.kind === 'market') ordered.push(row);
  }
  return ordered;
}

/** True when adding `id` to the comparison would go past `max` (it is refused, and said so). */
export function compareIsFull(
  current: readonly string[],
  id: string,
  compare: boolean,
  max: number,
): boolean {
  return compare && !current.includes(id) && current.length >= max;
}

/**
 * Focus after selecting `id`: alone, or toggled in the side-by-side set when comparing. A set
 * already full stays as it is: silently dropping the first instrument surprised users.
 */
export function focusAfterSelect(
  current: readonly string[],
  id: string,
  compare: boolean,
  max: number,
): string[] {
  if (!compare) return [id];
  if (current.includes(id))
    return current.length > 1 ? current.filter((x) => x !== id) : [...current];
  return compareIsFull(current, id, compare, max) ? [...current] : [...current, id];
}
