/**
 * What a watchlist row's context menu offers: the row's own actions, each with the key that
 * does the same on a focused row, so the menu also teaches the keys.
 */

/** One choice of the menu. */
export interface RowMenuItem {
  readonly label: string;
  /** The key that does the same on a focused row, shown at the right. */
  readonly key?: string;
  readonly run: () => void;
}

/** The row's actions; those the list does not offer (a popped-out list's alert) are absent. */
export interface RowActions {
  chart(): void;
  /** Adds the instrument to the charts, or takes it out (Shift-click). */
  compare(): void;
  pin?(): void;
  alert?(): void;
  remove?(): void;
}

/** The menu of an instrument that is `charted` and `pinned` or not. */
export function rowMenuItems(
  { charted, pinned }: { charted: boolean; pinned: boolean },
  actions: RowActions,
): RowMenuItem[] {
  const items: RowMenuItem[] = [
    { label: 'Chart', key: 'Enter', run: actions.chart },
    {
      label: charted ? 'Take out of the charts' : 'Add to the charts',
      key: 'Shift+Enter',
      run: actions.compare,
    },
  ];
  if (actions.pin)
    items.push({ label: pinned ? 'Unpin' : 'Pin to the top', key: 'P', run: actions.pin });
  if (actions.alert) items.push({ label: 'New alert…', run: actions.alert });
  if (actions.remove)
    items.push({ label: 'Remove from the list', key: 'Del', run: actions.remove });
  return items;
}
