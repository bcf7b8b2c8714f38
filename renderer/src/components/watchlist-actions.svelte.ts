/**
 * What a watchlist row's keys and its context menu do to the list: chart, compare, pin, a new
 * alert, remove. One context menu for the whole list, not one a row: rows are written every
 * batch. A row that had focus keeps it when pinned (it moves, which blurred it), and a removed
 * one hands it to the next row, so the key can be pressed again. Made while WatchlistTable
 * initialises; it reads the table's props through `TableLink`.
 */
import { tick } from 'svelte';
import type { SettingsPatch } from '../../../protocol/ipc';
import { rowMenuItems, type RowMenuItem } from '../state/row-menu';
import type { RowView } from '../state/row-view';
import { toggleId } from '../state/watchlist-view';

/** The table as the actions read it, each read when an action runs. */
export interface TableLink {
  rows(): readonly RowView[];
  pinned(): readonly string[];
  hidden(): readonly string[];
  /** The instruments charted. */
  charted(): readonly string[];
  /** A row (or one of its buttons) has keyboard focus. */
  focusInside(): boolean;
  focusRow(index: number): Promise<void>;
  select(id: string, compare: boolean): void;
  /** Absent where the list cannot be changed: no pin, no remove. */
  onlist(): ((patch: Pick<SettingsPatch, 'pinned' | 'hidden'>) => void) | undefined;
  /** Absent where the list offers no alert (a popped-out list). */
  onalert(): ((id: string) => void) | undefined;
}

export class WatchlistActions {
  /** The open context menu: its row and where, in the viewport. */
  menu = $state<{ id: string; x: number; y: number } | null>(null);
  readonly #table: TableLink;

  constructor(table: TableLink) {
    this.#table = table;
  }

  /** Pins or unpins `id`. */
  pin = (id: string): void => {
    const t = this.#table;
    const hadFocus = t.focusInside();
    t.onlist()?.({ pinned: toggleId(t.pinned(), id) });
    if (hadFocus) void tick().then(() => t.focusRow(t.rows().findIndex((r) => r.id === id)));
  };

  remove = (id: string): void => {
    const t = this.#table;
    const at = t.rows().findIndex((r) => r.id === id);
    const hadFocus = t.focusInside();
    const list = t.onlist();
    if (list === undefined) return;
    list({ hidden: [...t.hidden(), id], pinned: t.pinned().filter((p) => p !== id) });
    // A row no longer listed cannot be Shift-clicked out of a comparison, so it leaves the
    // charts with the list. One charted alone stays: another row's click replaces it.
    const charted = t.charted();
    if (charted.length > 1 && charted.includes(id)) t.select(id, true);
    if (hadFocus && at >= 0) void tick().then(() => t.focusRow(Math.min(at, t.rows().length - 1)));
  };

  openMenu = (id: string, x: number, y: number): void => {
    this.menu = { id, x, y };
  };

  /** Closes the menu; `refocus` puts focus back on its row, where the keys act as it did. */
  closeMenu = async (refocus: boolean): Promise<void> => {
    const id = this.menu?.id;
    this.menu = null;
    const at = this.#table.rows().findIndex((r) => r.id === id);
    if (refocus && at >= 0) await this.#table.focusRow(at);
  };

  /** The menu's choices for `id`. */
  menuItems(id: string): RowMenuItem[] {
    const t = this.#table;
    // Each choice first gives the row its focus back, so what it does next starts from there.
    const act = (run: (id: string) => void) => () => void this.closeMenu(true).then(() => run(id));
    const alert = t.onalert();
    return rowMenuItems(
      { charted: t.charted().includes(id), pinned: t.pinned().includes(id) },
      {
        chart: act((i) => t.select(i, false)),
        compare: act((i) => t.select(i, true)),
        pin: t.onlist() && act(this.pin),
        alert: alert && act(alert),
        remove: t.onlist() && act(this.remove),
      },
    );
  }
}
