import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick, type ComponentProps } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PALETTES } from '../charts/palette';
import type { Drawable, FrameScheduler } from '../charts/scheduler';
import { DEFAULT_SETTINGS } from '../../../protocol/ipc';
import { DashboardState } from '../state/dashboard.svelte';
import { sortRows, type RowView, type SortSpec } from '../state/row-view';
import { SeriesStore } from '../state/series-store';
import { INSTRUMENTS, batch, marketRow } from '../../../test-support/batches';
import Watchlist, {
  WATCHLIST_FALLBACK_VIEWPORT_PX,
  WATCHLIST_OVERSCAN_ROWS,
  WATCHLIST_ROW_HEIGHT_PX,
} from './Watchlist.svelte';

afterEach(cleanup);

function rowsAfter(...moves: [string, number][]) {
  const s = new DashboardState();
  s.apply(
    batch({
      reset: true,
      instruments: INSTRUMENTS,
      market: [marketRow('ACME', 101), marketRow('GLBX', 99)],
    }),
    0,
  );
  for (const [id, last] of moves) s.apply(batch({ market: [marketRow(id, last)] }), 0);
  return s.rows;
}

/** The saved watchlist choices a first launch has. */
const LIST_DEFAULTS = {
  columns: DEFAULT_SETTINGS.watchlistColumns,
  pinned: DEFAULT_SETTINGS.pinned,
  hidden: DEFAULT_SETTINGS.hidden,
};

function renderList(over: Partial<ComponentProps<typeof Watchlist>> = {}) {
  const onsort = vi.fn();
  const onselect = vi.fn();
  const onlist = vi.fn();
  const result = render(Watchlist, {
    props: {
      rows: rowsAfter(['ACME', 102.5], ['GLBX', 98]),
      sort: { key: 'none', dir: 1 },
      focused: ['ACME'],
      ...LIST_DEFAULTS,
      onsort,
      onselect,
      onlist,
      ...over,
    },
  });
  return { ...result, onsort, onselect, onlist };
}

describe('Watchlist', () => {
  it('shows each instrument with last, change, change %, bid/ask and volume', () => {
    renderList();
    const acme = screen.getByTestId('watchlist-row-ACME');
    expect(acme.textContent).toContain('Acme Corp');
    expect(acme.textContent).toContain('102.50');
    expect(acme.textContent).toContain('+2.50');
    expect(acme.textContent).toContain('+2.50%');
    expect(acme.textContent).toContain('102.49');
    expect(acme.textContent).toContain('102.51');
    expect(acme.textContent).toContain('12.3K');
  });

  it('marks moves with an arrow and a spoken word, not only colour', () => {
    renderList();
    const up = screen.getByTestId('watchlist-row-ACME');
    const down = screen.getByTestId('watchlist-row-GLBX');
    expect(up.textContent).toContain('▲');
    expect(within(up).getByText('up')).toBeTruthy();
    expect(down.textContent).toContain('▼');
    expect(within(down).getByText('down')).toBeTruthy();
    expect(down.textContent).toContain('−2.0'); // 98 vs open 100, one decimal for GLBX
  });

  it('marks the charted instrument as selected', () => {
    renderList({ focused: ['GLBX'] });
    expect(screen.getByTestId('watchlist-row-GLBX').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('watchlist-row-ACME').getAttribute('aria-selected')).toBe('false');
  });

  it('selects a row by click or keyboard; Shift adds it to the comparison', async () => {
    const { onselect } = renderList();
    const glbx = screen.getByTestId('watchlist-row-GLBX');
    await fireEvent.click(glbx);
    expect(onselect).toHaveBeenLastCalledWith('GLBX', false);
    await fireEvent.keyDown(glbx, { key: 'Enter', shiftKey: true });
    expect(onselect).toHaveBeenLastCalledWith('GLBX', true);
  });

  it('is one Tab stop: the row last focused, else the first (roving tabindex)', async () => {
    renderList();
    const tabStops = () =>
      screen.getAllByRole('row').filter((r) => r.getAttribute('tabindex') === '0');
    expect(tabStops().map((r) => r.dataset.testid)).toEqual(['watchlist-row-ACME']);
    screen.getByTestId('watchlist-row-GLBX').focus();
    await tick();
    expect(tabStops().map((r) => r.dataset.testid)).toEqual(['watchlist-row-GLBX']);
  });

  it("does not select the rows' text on Shift-click", async () => {
    renderList();
    const glbx = screen.getByTestId('watchlist-row-GLBX');
    expect(await fireEvent.mouseDown(glbx, { shiftKey: true })).toBe(false); // default prevented
    expect(await fireEvent.mouseDown(glbx)).toBe(true);
  });

  it('narrows the list to the instruments whose symbol or name match the search', async () => {
    renderList();
    const search = screen.getByTestId('watchlist-search');
    await fireEvent.input(search, { target: { value: 'globe' } });
    expect(screen.queryByTestId('watchlist-row-ACME')).toBeNull();
    expect(screen.getByTestId('watchlist-row-GLBX')).toBeTruthy();
    expect(screen.getByText('1 of 2')).toBeTruthy();
    await fireEvent.input(search, { target: { value: 'nothing like it' } });
    expect(screen.getByText(/No instrument matches/)).toBeTruthy();
    await fireEvent.keyDown(search, { key: 'Escape' });
    expect(screen.getByTestId('watchlist-row-ACME')).toBeTruthy();
  });

  it('pins with P or the star, and shows pinned instruments first', async () => {
    const { onlist, rerender } = renderList();
    await fireEvent.keyDown(screen.getByTestId('watchlist-row-GLBX'), { key: 'p' });
    expect(onlist).toHaveBeenLastCalledWith({ pinned: ['GLBX'] });
    await rerender({ pinned: ['GLBX'], sort: { key: 'id', dir: 1 } });
    const ids = screen.getAllByTestId(/^watchlist-row-/).map((r) => r.dataset.testid);
    expect(ids).toEqual(['watchlist-row-GLBX', 'watchlist-row-ACME']);
    await fireEvent.click(screen.getByRole('button', { name: 'Unpin GLBX (P)' }));
    expect(onlist).toHaveBeenLastCalledWith({ pinned: [] });
  });

  it('removes with Delete or ✕, and adds back from the Add menu', async () => {
    const { onlist, rerender } = renderList();
    await fireEvent.keyDown(screen.getByTestId('watchlist-row-ACME'), { key: 'Delete' });
    expect(onlist).toHaveBeenLastCalledWith({ hidden: ['ACME'], pinned: [] });
    await rerender({ hidden: ['ACME'] });
    expect(screen.queryByTestId('watchlist-row-ACME')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: /\+ ACME/ }));
    expect(onlist).toHaveBeenLastCalledWith({ hidden: [] });
  });

  it('shows the chosen columns, top-of-book sizes and spread among them', async () => {
    const { onlist, rerender } = renderList();
    expect(screen.queryByRole('columnheader', { name: /Spread/ })).toBeNull();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Spread' }));
    expect(onlist).toHaveBeenLastCalledWith({
      watchlistColumns: ['last', 'change', 'changePct', 'bidAsk', 'spread', 'volume', 'trend'],
    });
    await rerender({ columns: ['last', 'bidSize', 'askSize', 'spread'] });
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent?.trim());
    expect(headers).toEqual(['Instrument', 'Last', 'Bid size', 'Ask size', 'Spread']);
    const acme = screen.getByTestId('watchlist-row-ACME');
    expect(acme.querySelectorAll('td')).toHaveLength(4);
    expect(acme.textContent).toContain('0.02'); // 102.51 − 102.49
  });

  it('says in each header tooltip what the figure is and since when', () => {
    renderList();
    expect(screen.getByRole('columnheader', { name: /^Chg$/ }).title).toMatch(
      /^Chg: change since the session open/,
    );
    expect(screen.getByRole('columnheader', { name: /Vol/ }).title).toMatch(/session open/);
  });

  it('holds a sorted order still while the pointer is over the list, and says so', async () => {
    const byLast: SortSpec = { key: 'last', dir: -1 };
    const { rerender, container } = renderList({ sort: byLast });
    const order = () =>
      screen.getAllByTestId(/^watchlist-row-/).map((r) => r.dataset.testid!.slice(14));
    expect(order()).toEqual(['ACME', 'GLBX']);
    const panel = container.querySelector('section')!;
    await fireEvent.pointerEnter(panel);
    expect(screen.getByTestId('watchlist-sort-held').textContent).toMatch(/Sort paused/);
    // The dashboard hands the list rows already sorted.
    await rerender({ rows: sortRows(rowsAfter(['ACME', 90], ['GLBX', 99]), byLast) });
    expect(order()).toEqual(['ACME', 'GLBX']); // GLBX now higher, but nothing moved
    expect(screen.getByTestId('watchlist-row-ACME').textContent).toContain('90.00');
    await fireEvent.pointerLeave(panel);
    expect(order()).toEqual(['GLBX', 'ACME']);
    expect(screen.queryByTestId('watchlist-sort-held')).toBeNull();
  });

  it('sorts from the column headers and shows and announces the order', async () => {
    const { onsort, rerender } = renderList();
    await fireEvent.click(screen.getByRole('button', { name: /Last/ }));
    expect(onsort).toHaveBeenCalledWith({ key: 'last', dir: -1 });
    await rerender({ sort: { key: 'last', dir: 1 } });
    const header = screen.getByRole('columnheader', { name: /Last/ });
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    expect(header.textContent).toContain('↑');
  });
});

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
  charts?: ComponentProps<typeof Watchlist>['charts'],
  over: Partial<ComponentProps<typeof Watchlist>> = {},
) {
  const onselect = vi.fn();
  const result = render(Watchlist, {
    props: {
      rows: manyRows(count),
      sort: { key: 'none', dir: 1 },
      focused: [],
      ...LIST_DEFAULTS,
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

describe('Watchlist with thousands of instruments', () => {
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

  it('reports the ids of the rows in view, overscan included, as it scrolls', async () => {
    const onview = vi.fn();
    const { rendered, scrollTo } = renderMany(2_000, undefined, { onview });
    await tick();
    expect(onview.mock.lastCall![0]).toEqual(rendered());
    await scrollTo(1_500 * WATCHLIST_ROW_HEIGHT_PX);
    await tick();
    const ids = onview.mock.lastCall![0] as string[];
    expect(ids).toEqual(rendered());
    expect(ids).toContain('I1500');
    expect(ids[0]).toBe(`I${1_500 - WATCHLIST_OVERSCAN_ROWS}`);
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
    const animate = vi.fn();
    Element.prototype.animate = animate; // jsdom has no Web Animations
    try {
      const moved = manyRows(2_000).map((r) => ({ ...r, moves: 3, dir: 1 as const }));
      const { scrollTo, rerender } = renderMany(2_000);
      await rerender({ rows: moved });
      const flashes = animate.mock.calls.length; // rows on screen flash as their prices move
      expect(flashes).toBeGreaterThan(0);
      await scrollTo(1_000 * WATCHLIST_ROW_HEIGHT_PX);
      expect(animate).toHaveBeenCalledTimes(flashes);
    } finally {
      delete (Element.prototype as Partial<Element>).animate;
    }
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

describe('Watchlist with several sources', () => {
  function multiSourceRows() {
    const s = new DashboardState();
    const ids = ['kraken:BTC/USD', 'sim:ACME', 'coinbase:BTC-USD', 'sim:GLBX'];
    s.apply(
      batch({
        reset: true,
        instruments: ids.map((id) => ({ id, kind: 'market', name: id, tickSize: 0.01 })),
        market: ids.map((id, i) => marketRow(id, 100 + i)),
      }),
      0,
    );
    return s.rows;
  }
  /** The rows' text in display order. */
  const shownIds = () =>
    [...screen.getByTestId('watchlist').querySelectorAll('tbody tr[aria-rowindex]')]
      .map((tr) => tr.textContent ?? '')
      .join(' | ');

  it('groups rows by source under collapsible headers, in the order the sources were added', async () => {
    renderList({ rows: multiSourceRows(), sources: ['sim', 'kraken', 'coinbase'], focused: [] });
    const kraken = screen.getByTestId('source-kraken');
    expect(kraken.getAttribute('aria-expanded')).toBe('true');
    expect(kraken.textContent).toMatch(/kraken\s*1/);
    expect(screen.getByTestId('source-sim').textContent).toMatch(/sim\s*2/);
    const order = shownIds();
    expect(order.indexOf('sim:ACME')).toBeLessThan(order.indexOf('kraken:BTC/USD'));
    expect(order.indexOf('kraken:BTC/USD')).toBeLessThan(order.indexOf('coinbase:BTC-USD'));

    await fireEvent.click(kraken);
    expect(kraken.getAttribute('aria-expanded')).toBe('false');
    expect(shownIds()).not.toContain('kraken:BTC/USD');
    expect(shownIds()).toContain('coinbase:BTC-USD');
  });

  it('shows no group headers with one source', () => {
    renderList({ sources: ['sim'] });
    expect(screen.queryByTestId('source-sim')).toBeNull();
  });
});

describe('Watchlist with a replayed set beside live sources', () => {
  function rows() {
    const s = new DashboardState();
    const ids = [
      'sim:ACME',
      'kraken:BTC/USD',
      'replay:sim:ACME',
      'replay:kraken:BTC/USD',
      'replay:kraken:ETH/USD',
    ];
    s.apply(
      batch({
        reset: true,
        instruments: ids.map((id) => ({ id, kind: 'market', name: `${id} name`, tickSize: 0.01 })),
        market: ids.map((id, i) => marketRow(id, 100 + i)),
      }),
      0,
    );
    return s.rows;
  }
  const shown = () =>
    [...screen.getByTestId('watchlist').querySelectorAll('tbody tr[aria-rowindex]')].map((tr) =>
      tr.getAttribute('data-testid')!.replace('watchlist-row-', ''),
    );

  it('makes one group per recorded source, each collapsible alone', async () => {
    renderList({ rows: rows(), sources: ['sim', 'kraken', 'replay'], focused: [] });
    const chips = [...screen.getByRole('group', { name: 'Sources' }).querySelectorAll('button')];
    expect(
      chips.map((c) => [c.dataset['testid'], c.textContent?.replace(/\s+/g, ' ').trim()]),
    ).toEqual([
      ['source-sim', '▾ sim 1'],
      ['source-kraken', '▾ kraken 1'],
      ['source-replay:kraken', '▾ replay · kraken 2'],
      ['source-replay:sim', '▾ replay · sim 1'],
    ]);
    await fireEvent.click(screen.getByTestId('source-replay:kraken'));
    expect(shown()).toEqual(['sim:ACME', 'kraken:BTC/USD', 'replay:sim:ACME']);
  });

  it("shows each row's symbol whole beside its muted source part, the full name in the tooltip", () => {
    renderList({ rows: rows(), sources: ['sim', 'kraken', 'replay'], focused: [] });
    const th = within(screen.getByTestId('watchlist-row-replay:kraken:BTC/USD')).getByRole(
      'rowheader',
    );
    expect([...th.querySelectorAll('.src')].map((e) => e.textContent)).toEqual([
      'replay:',
      'kraken:',
    ]);
    expect(th.querySelector('.own')?.textContent).toBe('BTC/USD');
    expect(th.getAttribute('title')).toBe('replay:kraken:BTC/USD · replay:kraken:BTC/USD name');
    const live = within(screen.getByTestId('watchlist-row-kraken:BTC/USD')).getByRole('rowheader');
    expect([...live.querySelectorAll('.src')].map((e) => e.textContent)).toEqual(['kraken:']);
    expect(live.querySelector('.own')?.textContent).toBe('BTC/USD');
  });
});
