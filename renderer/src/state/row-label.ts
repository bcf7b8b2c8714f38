/**
 * A watchlist row's accessible name: the instrument, then what its cells show, in their order,
 * each once and named ("ACME, Acme Corp: last 19.58 up, change +0.12, change +0.61%, …").
 * Left to the browser, the name was every cell's text, its Pin and Remove buttons' names
 * first ("Pin ACME (P) ACME Acme Corp Remove ACME from the watchlist (Delete) 19.58 …"); the
 * buttons keep their own names (bug 184).
 */
import type { WatchlistColumn } from '../../../protocol/ipc';
import { figureText } from './row-figures';
import type { RowView } from './row-view';

/** What each column's figures are called when spoken; the trend is a picture and says nothing. */
const SPOKEN: Readonly<Record<WatchlistColumn, (row: RowView) => string | null>> = {
  last: (r) => `last ${figureText(r, 'last')}${r.dir > 0 ? ' up' : r.dir < 0 ? ' down' : ''}`,
  change: (r) => `change ${figureText(r, 'change')}`,
  changePct: (r) => `change ${figureText(r, 'changePct')}`,
  bidAsk: (r) => `bid ${figureText(r, 'bid')}, ask ${figureText(r, 'ask')}`,
  bidSize: (r) => `bid size ${figureText(r, 'bidSize')}`,
  askSize: (r) => `ask size ${figureText(r, 'askSize')}`,
  spread: (r) => `spread ${figureText(r, 'spread')}`,
  volume: (r) => `volume ${figureText(r, 'volume')}`,
  trend: () => null,
};

/**
 * The name of `row` with `columns` shown (display order); `age` is the age the row shows
 * beside its symbol ("halted 12 s", "41 s"), '' for none, and `pinned` whether it is.
 */
export function rowLabel(
  row: RowView,
  columns: readonly WatchlistColumn[],
  age: string,
  pinned: boolean,
): string {
  const who = row.name === row.id ? row.id : `${row.id}, ${row.name}`;
  const marks = [pinned ? 'pinned' : '', age && !age.startsWith('halted') ? `data ${age} old` : age]
    .filter((m) => m !== '')
    .map((m) => ` (${m})`)
    .join('');
  const figures = columns.map((c) => SPOKEN[c](row)).filter((f) => f !== null);
  return figures.length === 0 ? `${who}${marks}` : `${who}${marks}: ${figures.join(', ')}`;
}
