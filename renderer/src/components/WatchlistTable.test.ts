import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick, type ComponentProps } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, WATCHLIST_COLUMNS } from '../../../protocol/ipc';
import { PALETTES } from '../charts/palette';
import * as format from '../state/format';
import type { Drawable, FrameScheduler } from '../charts/scheduler';
import type { RowView } from '../state/row-view';
import { SeriesStore } from '../state/series-store';
import { shownColumns } from '../state/watchlist-columns';
import WatchlistTable, {
  WATCHLIST_FALLBACK_VIEWPORT_PX,
  WATCHLIST_INTEREST_OVERSCAN_ROWS,
  WATCHLIST_OVERSCAN_ROWS,
  WATCHLIST_ROW_HEIGHT_PX,
} from './WatchlistTable.svelte';

// The figures' formatting counted (each call still formats): the rows' cells and the column
// widths that must hold their texts both read them.
vi.mock('../state/format', async (importOriginal) => {
  const real = await importOriginal<typeof format>();
  return {
    ...real,
    formatPrice: vi.fn(real.formatPrice),
    formatSigned: vi.fn(real.formatSigned),
    formatPercent: vi.fn(real.formatPercent),
    formatCompact: vi.fn(real.formatCompact),
  };
});

afterEach(cleanup);

/** `count` instruments named I0000, I0001, … in feed order. */
function manyRows(count: number): RowView[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `I${String(i).padStart(4, '0')}`,
    name: `Instrument ${i}`,
    decimals: 2,
    last: 100 + i,
    change: 0,
    changePct: 0,
    bid: 100 + i,
    ask: 100 + i,
    bidSize: 1,
    askSize: 1,
    spread: 0,
    volume: 1_000,
    dir: 0,
    moves: 0,
  }));
}

function renderMany(
  count: number,
  charts?: ComponentProps<typeof WatchlistTable>['charts'],
  over: Partial<ComponentProps<typeof WatchlistTable>> = {},
) {
  const onselect = vi.fn();
  const result = render(WatchlistTable, {
    props: {
      rows: manyRows(count),
      cols: shownColumns(DEFAULT_SETTINGS.watchlistColumns),
      sort: { key: 'none', dir: 1 },
      focused: [],
      pinned: DEFAULT_SETTINGS.pinned,
      hidden: DEFAULT_SETTINGS.hidden,
      emptyText: 'none',
      stale: false,
      onsort: vi.fn(),
      onselect,
      charts,
      ...over,
    },
  });
  const table = screen.getByTestId('watchlist');
  const scroller = table.parentElement!;
  const rendered = () =>
    [...table.querySelectorAll<HTMLElement>('[data-testid^="watchlist-row-"]')].map((r) =>
      r.dataset.testid!.replace('watchlist-row-', ''),
    );
  /** Scroll height the tbody takes: spacer rows plus rendered rows at their fixed height. */
  const bodyHeight = () =>
    [...table.querySelectorAll<HTMLElement>('tr.spacer td')].reduce(
      (sum, td) => sum + parseFloat(td.style.height),
      rendered().length * WATCHLIST_ROW_HEIGHT_PX,
    );
  const scrollTo = async (px: number) => {
    scroller.scrollTop = px;
    await fireEvent.scroll(scroller);
  };
  return { ...result, table, scroller, rendered, bodyHeight, scrollTo, onselect };
}

describe('WatchlistTable with thousands of instruments', () => {
  // jsdom has no layout, so the viewport is the fallback height: this many rows at most.
  const MAX_ROWS =
    Math.ceil(WATCHLIST_FALLBACK_VIEWPORT_PX / WATCHLIST_ROW_HEIGHT_PX) +
    1 +
    2 * WATCHLIST_OVERSCAN_ROWS;

  it('renders only the rows in view, and keeps the scroll height of all of them', () => {
    const { table, rendered, bodyHeight } = renderMany(2_000);
    expect(rendered().length).toBeLessThanOrEqual(MAX_ROWS);
    expect(table.querySelectorAll('tr').length).toBeLessThanOrEqual(MAX_ROWS + 3); // header, spacers
    expect(rendered()[0]).toBe('I0000');
    expect(bodyHeight()).toBe(2_000 * WATCHLIST_ROW_HEIGHT_PX);
    expect(table.getAttribute('aria-rowcount')).toBe('2001');
  });

  it('shows later rows when scrolled, and drops the ones scrolled away', async () => {
    const { table, rendered, bodyHeight, scrollTo } = renderMany(2_000);
    await scrollTo(1_500 * WATCHLIST_ROW_HEIGHT_PX);
    expect(rendered()).toContain('I1500');
    expect(rendered()).not.toContain('I0000');
    expect(rendered().length).toBeLessThanOrEqual(MAX_ROWS);
    expect(bodyHeight()).toBe(2_000 * WATCHLIST_ROW_HEIGHT_PX);
    // Screen readers still hear where a row sits in the whole list (the header is row 1).
    expect(screen.getByTestId('watchlist-row-I1500').getAttribute('aria-rowindex')).toBe('1502');
    await scrollTo(1_000_000);
    expect(rendered().at(-1)).toBe('I1999');
    expect(table.querySelectorAll('tr.spacer')).toHaveLength(1); // nothing below the last row
  });

  it('reports the ids of the rows in view, the interest overscan included, as it scrolls', async () => {
    const onview = vi.fn();
    const { rendered, scrollTo } = renderMany(2_000, undefined, { onview });
    await tick();
    expect(onview.mock.lastCall![0]).toEqual(expect.arrayContaining(rendered()));
    await scrollTo(1_500 * WATCHLIST_ROW_HEIGHT_PX);
    await tick();
    const ids = onview.mock.lastCall![0] as string[];
    expect(ids).toEqual(expect.arrayContaining(rendered()));
    expect(ids).toContain('I1500');
    expect(ids[0]).toBe(`I${1_500 - WATCHLIST_INTEREST_OVERSCAN_ROWS}`);
  });

  it('reports the rows in view again only when they change, not for each batch of prices', async () => {
    const onview = vi.fn();
    const { rerender, scrollTo } = renderMany(2_000, undefined, { onview });
    await tick();
    expect(onview).toHaveBeenCalledTimes(1);
    // A batch: the same instruments at new prices, as new row objects in a new list.
    await rerender({ rows: manyRows(2_000).map((r) => ({ ...r, last: r.last + 1, moves: 1 })) });
    await rerender({ rows: manyRows(2_000).map((r) => ({ ...r, last: r.last + 2, moves: 2 })) });
    expect(onview).toHaveBeenCalledTimes(1);
    await scrollTo(100 * WATCHLIST_ROW_HEIGHT_PX);
    await tick();
    expect(onview).toHaveBeenCalledTimes(2);
    expect(onview.mock.lastCall![0]).toContain('I0100');
  });

  it('renders fewer rows beyond the view than it asks the engine to send in full', async () => {
    const onview = vi.fn();
    const { rendered, scrollTo } = renderMany(2_000, undefined, { onview });
    await scrollTo(1_500 * WATCHLIST_ROW_HEIGHT_PX);
    await tick();
    const ids = onview.mock.lastCall![0] as string[];
    // Rows written every batch but not seen cost the page; rows known in full cost it nothing.
    expect(rendered()[0]).toBe(`I${1_500 - WATCHLIST_OVERSCAN_ROWS}`);
    expect(ids.length - rendered().length).toBe(
      2 * (WATCHLIST_INTEREST_OVERSCAN_ROWS - WATCHLIST_OVERSCAN_ROWS),
    );
  });

  it('shows the last rows when the list shrinks while scrolled far down', async () => {
    const { rendered, bodyHeight, scrollTo, rerender } = renderMany(2_000);
    await scrollTo(1_800 * WATCHLIST_ROW_HEIGHT_PX);
    await rerender({ rows: manyRows(30) });
    expect(rendered()).toEqual(manyRows(30).map((r) => r.id));
    expect(bodyHeight()).toBe(30 * WATCHLIST_ROW_HEIGHT_PX);
  });

  it('gives sparklines (canvases in the frame loop) only to the rows rendered', async () => {
    const live = new Set<Element>();
    const scheduler = {
      register: vi.fn((d: Drawable) => {
        live.add(d.element);
        return () => live.delete(d.element);
      }),
    } as unknown as FrameScheduler;
    const charts = { scheduler, series: new SeriesStore(), palette: PALETTES.dark };
    const { table, rendered, scrollTo } = renderMany(2_000, charts);
    const canvases = () => table.querySelectorAll('canvas').length;
    expect(canvases()).toBe(rendered().length);
    expect(live.size).toBe(rendered().length);
    await scrollTo(1_500 * WATCHLIST_ROW_HEIGHT_PX);
    expect(canvases()).toBe(rendered().length);
    expect(live.size).toBe(rendered().length); // rows scrolled away left the loop
  });

  it('renders every row, with no spacers, when they all fit', () => {
    const { table, rendered } = renderMany(20);
    expect(rendered()).toHaveLength(20);
    expect(table.querySelectorAll('tr.spacer')).toHaveLength(0);
  });

  it('does not flash the prices of rows as they scroll into view, only when they move', async () => {
    const moved = manyRows(2_000).map((r) => ({ ...r, moves: 3, dir: 1 as const }));
    const { table, scrollTo, rerender } = renderMany(2_000);
    const lit = () => table.querySelectorAll('td.last.flash-up').length;
    await rerender({ rows: moved });
    expect(lit()).toBeGreaterThan(0); // rows on screen flash as their prices move
    await scrollTo(1_000 * WATCHLIST_ROW_HEIGHT_PX);
    expect(lit()).toBe(0);
  });

  it('moves focus with the arrow keys, Home and End, scrolling the row into view', async () => {
    const { scroller, rendered, onselect } = renderMany(2_000);
    const focusedId = () => document.activeElement?.getAttribute('data-testid');
    screen.getByTestId('watchlist-row-I0000').focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(focusedId()).toBe('watchlist-row-I0001');
    expect(scroller.scrollTop).toBe(0); // already in view: no scroll
    await fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(focusedId()).toBe('watchlist-row-I1999');
    expect(rendered()).not.toContain('I0000');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(focusedId()).toBe('watchlist-row-I1998');
    await fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(focusedId()).toBe('watchlist-row-I0000');
    expect(scroller.scrollTop).toBe(0);
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(focusedId()).toBe('watchlist-row-I0000');
    // Navigating is not choosing: only Enter/Space/click chart an instrument.
    expect(onselect).not.toHaveBeenCalled();
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(onselect).toHaveBeenCalledWith('I0000', false);
  });

  it('keeps keyboard focus on a row scrolled out of view with the wheel', async () => {
    const { rendered, scrollTo } = renderMany(2_000);
    const row = screen.getByTestId('watchlist-row-I0003');
    row.focus();
    await scrollTo(1_500 * WATCHLIST_ROW_HEIGHT_PX);
    expect(rendered()).toContain('I1500');
    expect(document.activeElement).toBe(row);
    expect(row.isConnected).toBe(true);
    // Still in its place in the list: the arrow keys go on from it.
    await fireEvent.keyDown(row, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-testid')).toBe('watchlist-row-I0004');
  });
});

describe('WatchlistTable figures', () => {
  /** Figures a row shows with every column: bid and ask are two in one cell, the trend none. */
  const FIGURES_A_ROW = 9;
  const formatted = () =>
    [format.formatPrice, format.formatSigned, format.formatPercent, format.formatCompact].reduce(
      (sum, f) => sum + vi.mocked(f).mock.calls.length,
      0,
    );

  it('formats each figure in view once a batch, for the widths and the cells alike', async () => {
    const rows = manyRows(10);
    vi.clearAllMocks();
    const { rerender, table } = renderMany(10, undefined, {
      rows,
      cols: shownColumns(WATCHLIST_COLUMNS),
    });
    expect(formatted()).toBe(10 * FIGURES_A_ROW);
    // A batch: three rows moved (new objects), the other seven kept as they were.
    vi.clearAllMocks();
    const moved = new Set(['I0002', 'I0005', 'I0007']);
    const next = rows.map((r) => (moved.has(r.id) ? { ...r, last: r.last + 1, moves: 1 } : r));
    await rerender({ rows: next });
    expect(formatted()).toBe(moved.size * FIGURES_A_ROW);
    expect(
      table.querySelector('[data-testid="watchlist-row-I0005"] td.last')?.textContent,
    ).toContain('106.00');
  });
});
