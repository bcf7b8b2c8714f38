/**
 * The texts of a watchlist row's figures, each formatted once for a row view. The row's cells
 * and the column widths that must hold them (watchlist-columns.ts) read the same texts, where
 * each formatted them for itself: every figure in view twice a batch. A batch replaces only
 * the views of the rows it moved (row-view.ts, `foldRows`), so a row it left keeps its texts,
 * and a figure no cell shows is never formatted.
 */
import { formatCompact, formatPercent, formatPrice, formatSigned } from './format';
import type { RowView } from './row-view';

/** A figure a watchlist cell shows (the Bid / Ask cell shows two). */
export type FigureKey =
  'last' | 'change' | 'changePct' | 'bid' | 'ask' | 'bidSize' | 'askSize' | 'spread' | 'volume';

const FORMATS: Readonly<Record<FigureKey, (row: RowView) => string>> = {
  last: (r) => formatPrice(r.last, r.decimals),
  change: (r) => formatSigned(r.change, r.decimals),
  changePct: (r) => formatPercent(r.changePct),
  bid: (r) => formatPrice(r.bid, r.decimals),
  ask: (r) => formatPrice(r.ask, r.decimals),
  bidSize: (r) => formatCompact(r.bidSize),
  askSize: (r) => formatCompact(r.askSize),
  spread: (r) => formatPrice(r.spread, r.decimals),
  volume: (r) => formatCompact(r.volume),
};

/** Held weakly: a view the list no longer holds takes its texts with it. */
const texts = new WeakMap<RowView, Partial<Record<FigureKey, string>>>();

/** The figure `key` of `row` as its cell shows it. */
export function figureText(row: RowView, key: FigureKey): string {
  let known = texts.get(row);
  if (known === undefined) texts.set(row, (known = {}));
  return (known[key] ??= FORMATS[key](row));
}
