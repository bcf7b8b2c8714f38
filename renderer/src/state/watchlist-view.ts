/**
 * Which rows the watchlist shows and in which order: removed instruments out, the search
 * applied, pinned instruments first, and a sort held still while the user is pointing at or
 * working in the list (so a row never moves under the pointer). Pure, so it is tested without
 * a DOM.
 */
import type { RowView } from './row-view';

/** Longest search the box takes, characters. */
export const MAX_SEARCH_CHARS = 64;

/** The user's choices that shape the list. */
export interface ListChoice {
  /** Search text: every word must appear in the symbol or the name (any case). */
  readonly query: string;
  /** Instruments kept at the top, in this order. */
  readonly pinned: readonly string[];
  /** Instruments removed from the list. */
  readonly hidden: readonly string[];
}

/** The words of a search, lower case: what every row must contain. */
function queryWords(query: string): string[] {
  return query.slice(0, MAX_SEARCH_CHARS).toLowerCase().split(/\s+/).filter(Boolean);
}

function matchesWords(row: RowView, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const text = `${row.id} ${row.name}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** True when every word of `query` appears in the row's symbol or name, ignoring case. */
export function matchesQuery(row: RowView, query: string): boolean {
  return matchesWords(row, queryWords(query));
}

/**
 * The rows to show: `sorted` less the removed and unmatched rows, pinned ones first. With no
 * search, removal or pin that is `sorted` itself, as it is for every batch of a plain list.
 */
export function arrangeRows(sorted: readonly RowView[], choice: ListChoice): readonly RowView[] {
  const words = queryWords(choice.query);
  if (words.length === 0 && choice.hidden.length === 0 && choice.pinned.length === 0) return sorted;
  const hidden = new Set(choice.hidden);
  const shown = sorted.filter((r) => !hidden.has(r.id) && matchesWords(r, words));
  if (choice.pinned.length === 0) return shown;
  const pinRank = new Map(choice.pinned.map((id, i) => [id, i]));
  const pinned = shown
    .filter((r) => pinRank.has(r.id))
    .sort((a, b) => pinRank.get(a.id)! - pinRank.get(b.id)!);
  return [...pinned, ...shown.filter((r) => !pinRank.has(r.id))];
}

/**
 * `rows` in a held order: rows listed in `order` keep their place, rows that are new come after
 * them in their own order, rows that are gone drop out. Values are the fresh ones.
 */
export function holdOrder(rows: readonly RowView[], order: readonly string[]): readonly RowView[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const held: RowView[] = [];
  for (const id of order) {
    const row = byId.get(id);
    if (row) {
      held.push(row);
      byId.delete(id);
    }
  }
  for (const row of rows) if (byId.has(row.id)) held.push(row);
  return held;
}

/** `ids` with `id` added at the end, or removed when it is already there. */
export function toggleId(ids: readonly string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
}

/**
 * Holds a sorted list still while `held`: values keep updating, but rows keep their places
 * until the hold ends or the user changes what the list is (`layout`: sort, search, pins...).
 */
export class OrderHold {
  /** The rows last shown unheld; their order is read from them only when a hold needs it. */
  #shown: readonly RowView[] = [];
  #order: readonly string[] | null = null;
  #layout = '';

  arrange(rows: readonly RowView[], layout: string, held: boolean): readonly RowView[] {
    if (held && layout === this.#layout) {
      this.#order ??= this.#shown.map((r) => r.id);
      return holdOrder(rows, this.#order);
    }
    this.#shown = rows;
    this.#order = null;
    this.#layout = layout;
    return rows;
  }
}
