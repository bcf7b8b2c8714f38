import { describe, expect, it } from 'vitest';
import { WATCHLIST_COLUMNS } from '../../../protocol/ipc';
import { marketRow } from '../../../test-support/batches';
import { toRowView } from './row-view';
import {
  COLUMN_SPECS,
  fittedWidths,
  holdWidths,
  shownColumns,
  toggleColumn,
} from './watchlist-columns';

describe('watchlist columns', () => {
  it('keeps one display order whatever order they were chosen in', () => {
    expect(shownColumns(['volume', 'last', 'spread']).map((c) => c.key)).toEqual([
      'last',
      'spread',
      'volume',
    ]);
    expect(toggleColumn(['last', 'volume'], 'spread')).toEqual(['last', 'spread', 'volume']);
    expect(toggleColumn(['last', 'volume'], 'last')).toEqual(['volume']);
  });

  it('explains every column in its tooltip, starting with its label', () => {
    for (const key of WATCHLIST_COLUMNS) {
      const spec = COLUMN_SPECS[key];
      expect(spec.title.startsWith(`${spec.label}: `)).toBe(true);
    }
  });

  it('widens a column only where a figure needs it, and never narrows it back', () => {
    const cols = shownColumns(['last', 'change', 'changePct', 'volume']);
    const own = cols.map((c) => c.widthPx);
    const ordinary = toRowView(marketRow('ACME', 101.25, { open: 100 }), undefined, undefined);
    expect(fittedWidths(cols, [ordinary])).toEqual(own);
    const wide = toRowView(marketRow('WIDE', 99_999, { open: 0.0001 }), undefined, undefined);
    const widened = fittedWidths(cols, [ordinary, wide]);
    // Last, Chg and Chg % hold 99999.00, +99998.99 and +99998999900.00%; Vol keeps its own.
    expect(widened.slice(0, 3).every((px, i) => px > own[i]!)).toBe(true);
    expect(widened[3]).toBe(own[3]);
    expect(fittedWidths(cols, [ordinary], widened)).toEqual(widened);
  });

  it('holds widened columns while the list is the same, and lets them go for another list', () => {
    const cols = shownColumns(['last', 'changePct']);
    const own = cols.map((c) => c.widthPx);
    const ordinary = toRowView(marketRow('ACME', 101.25, { open: 100 }), undefined, undefined);
    const wide = toRowView(marketRow('WIDE', 99_999, { open: 0.0001 }), undefined, undefined);
    const widened = holdWidths(cols, [ordinary, wide], 40, null);
    expect(widened.px[1]).toBeGreaterThan(own[1]!);
    // Scrolled: the wide row off screen, the list the same 40 rows.
    expect(holdWidths(cols, [ordinary], 40, widened).px).toEqual(widened.px);
    // Its source removed: 39 rows, none wide.
    expect(holdWidths(cols, [ordinary], 39, widened).px).toEqual(own);
    // Another column shown: the held widths were for other columns.
    const more = shownColumns(['last', 'changePct', 'volume']);
    expect(holdWidths(more, [ordinary], 40, widened).px).toEqual(more.map((c) => c.widthPx));
  });
});
