/**
 * The watchlist's optional columns: label, what the header's tooltip says the figure means,
 * fixed width (a price growing a digit must not shift the other columns) and the sort key.
 */
import { WATCHLIST_COLUMNS, type WatchlistColumn } from '../../../protocol/ipc';
import type { SortKey } from './row-view';

export interface ColumnSpec {
  readonly key: WatchlistColumn;
  readonly label: string;
  /** Header tooltip and accessible description: what the figure is, and since when. */
  readonly title: string;
  readonly widthPx: number;
  /** The sort this column's header applies; none for columns that do not sort. */
  readonly sort?: SortKey;
}

export const COLUMN_SPECS: Readonly<Record<WatchlistColumn, ColumnSpec>> = {
  last: {
    key: 'last',
    label: 'Last',
    title: 'Last: the latest traded price; ▲▼ the direction of its latest move',
    widthPx: 84,
    sort: 'last',
  },
  change: {
    key: 'change',
    label: 'Chg',
    title: 'Chg: change since the session open, in price units',
    widthPx: 64,
    sort: 'change',
  },
  changePct: {
    key: 'changePct',
    label: 'Chg %',
    title: 'Chg %: change since the session open, in percent',
    widthPx: 68,
    sort: 'changePct',
  },
  bidAsk: {
    key: 'bidAsk',
    label: 'Bid / Ask',
    title: 'Bid / Ask: the best bid and the best ask (top of book)',
    widthPx: 120,
  },
  bidSize: {
    key: 'bidSize',
    label: 'Bid size',
    title: 'Bid size: quantity offered at the best bid',
    widthPx: 64,
    sort: 'bidSize',
  },
  askSize: {
    key: 'askSize',
    label: 'Ask size',
    title: 'Ask size: quantity offered at the best ask',
    widthPx: 64,
    sort: 'askSize',
  },
  spread: {
    key: 'spread',
    label: 'Spread',
    title: 'Spread: best ask minus best bid, in price units',
    widthPx: 64,
    sort: 'spread',
  },
  volume: {
    key: 'volume',
    label: 'Vol',
    title: 'Vol: volume traded since the session open',
    widthPx: 60,
    sort: 'volume',
  },
  trend: {
    key: 'trend',
    label: 'Session',
    title: 'Session: the price since the session open, coloured by the change since the open',
    widthPx: 84,
  },
};

/** The chosen columns in the one display order, unknown names dropped. */
export function shownColumns(chosen: readonly WatchlistColumn[]): ColumnSpec[] {
  const set = new Set(chosen);
  return WATCHLIST_COLUMNS.filter((k) => set.has(k)).map((k) => COLUMN_SPECS[k]);
}

/** The column choice with `key` shown or hidden. */
export function toggleColumn(
  chosen: readonly WatchlistColumn[],
  key: WatchlistColumn,
): WatchlistColumn[] {
  return chosen.includes(key)
    ? chosen.filter((k) => k !== key)
    : WATCHLIST_COLUMNS.filter((k) => k === key || chosen.includes(k));
}
