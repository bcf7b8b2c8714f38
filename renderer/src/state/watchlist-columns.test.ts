import { describe, expect, it } from 'vitest';
import { WATCHLIST_COLUMNS } from '../../../protocol/ipc';
import { COLUMN_SPECS, shownColumns, toggleColumn } from './watchlist-columns';

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
});
