/**
 * The watchlist's optional columns: label, what the header's tooltip says the figure means,
 * fixed width (a price growing a digit must not shift the other columns; only a figure that
 * would not fit widens it, see {@link fittedWidths}) and the sort key.
 */
import { WATCHLIST_COLUMNS, type WatchlistColumn } from '../../../protocol/ipc';
import { figureText } from './row-figures';
import type { RowView, SortKey } from './row-view';

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

/**
 * Width of one character of a cell's figures, px: 12 px monospace at 0.6 em, with a margin for
 * platforms whose monospace runs wider.
 */
const FIGURE_PX = 7.3;
/** A figure cell's padding, both sides together, px (WatchlistRow's `td`). */
const CELL_PADDING_PX = 16;
/** The Last cell's move arrow, px (1.2 em of 9 px). */
const ARROW_PX = 11;

/** Characters of the figure `key`'s cell shows for `row`: the texts its cells write. */
function cellChars(row: RowView, key: WatchlistColumn): number {
  switch (key) {
    case 'bidAsk':
      return figureText(row, 'bid').length + ' / '.length + figureText(row, 'ask').length;
    case 'trend':
      return 0;
    default:
      return figureText(row, key).length;
  }
}

/**
 * Widths of `cols`, px, that hold the figures of `rows` (those on screen): each column's own,
 * or wider where a figure needs it (a price that ran from 0.0001 to 99,999.0000, a change of
 * +99,998,999,900 %), whose text ran over the next column's. Never narrower than `held`, the
 * widths given before for the same columns, so a wide figure scrolled away or moved back does
 * not make the columns jump back and forth.
 */
export function fittedWidths(
  cols: readonly ColumnSpec[],
  rows: readonly RowView[],
  held: readonly number[] = [],
): number[] {
  return cols.map((c, i) => {
    let chars = 0;
    for (const row of rows) chars = Math.max(chars, cellChars(row, c.key));
    const need = Math.ceil(chars * FIGURE_PX + CELL_PADDING_PX + (c.key === 'last' ? ARROW_PX : 0));
    return Math.max(c.widthPx, held[i] ?? 0, need);
  });
}

/** Widths fitted for one list: its columns, how many rows it has, and the widths. */
export interface HeldWidths {
  readonly list: string;
  readonly px: readonly number[];
}

/**
 * {@link fittedWidths} for the rows on screen of a list of `rowCount` rows, held from `held`
 * while the list is the same one. Scrolling and sorting keep the list; a source removed or a
 * search typed makes another, and the widths that figures no longer listed needed are let go.
 */
export function holdWidths(
  cols: readonly ColumnSpec[],
  shown: readonly RowView[],
  rowCount: number,
  held: HeldWidths | null,
): HeldWidths {
  const list = `${cols.map((c) => c.key).join()}#${rowCount}`;
  return { list, px: fittedWidths(cols, shown, held?.list === list ? held.px : []) };
}
