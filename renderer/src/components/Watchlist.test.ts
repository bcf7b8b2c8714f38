import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick, type ComponentProps } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../protocol/ipc';
import { DashboardState } from '../state/dashboard.svelte';
import { sortRows, toRowView, type SortSpec } from '../state/row-view';
import { batch, marketRow } from '../../../test-support/batches';
import { rowsAfter } from '../../../test-support/dashboard-rows';
import Watchlist from './Watchlist.svelte';

afterEach(cleanup);

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
  it('waits for instruments, and says where a source of matches only has them', async () => {
    const { rerender } = renderList({ rows: [], focused: [] });
    expect(screen.getByText('Waiting for instruments…')).toBeTruthy();
    // Before: a feed of matches alone kept the watchlist waiting for instruments forever.
    await rerender({ rows: [], focused: [], matchesOnly: true });
    expect(screen.getByText(/No market instruments on this source/).textContent).toContain(
      'Sports panel',
    );
  });

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

  it('shows a coin quoted below its last decimal in exponent form, not as 0.0000000000', () => {
    // A venue's price inferred to the 10 decimals inference stops at (MAX_INFERRED_DECIMALS).
    const pepe = { id: 'PEPE', kind: 'market', name: 'Pepe', tickSize: 1e-10 } as const;
    const quote = { open: 5e-11, bid: 3.9e-11, ask: 4.1e-11 };
    const row = toRowView(marketRow('PEPE', 4e-11, quote), pepe, undefined);
    renderList({ rows: [row], focused: [] });
    const cells = [...screen.getByTestId('watchlist-row-PEPE').querySelectorAll('td')].map((td) =>
      td.textContent!.trim(),
    );
    expect(cells).toContain('4.000e-11');
    expect(cells).toContain('−1.000e-11');
    expect(cells.join(' ')).toMatch(/3\.900e-11\/.*4\.100e-11/); // 'ask' is for screen readers
    expect(cells.join(' ')).not.toMatch(/0\.0000000000/);
  });

  it('marks moves with an arrow and a spoken word, not only colour', () => {
    renderList();
    const up = screen.getByTestId('watchlist-row-ACME');
    const down = screen.getByTestId('watchlist-row-GLBX');
    // The glyph (▲ or ▼) is the arrow class's to colour, hidden from screen readers, which
    // read the word.
    expect(up.querySelector('[aria-hidden="true"].arrow')!.className).toMatch(/\barrow up\b/);
    expect(within(up).getByText('up')).toBeTruthy();
    expect(down.querySelector('[aria-hidden="true"].arrow')!.className).toMatch(/\barrow down\b/);
    expect(within(down).getByText('down')).toBeTruthy();
    expect(down.textContent).toContain('−2.0'); // 98 vs open 100, one decimal for GLBX
  });

  it('names each row by its instrument then its figures, once each; its buttons by their own (bug 184)', async () => {
    renderList({ pinned: ['GLBX'] });
    // Before: the row's content, buttons first: "Pin ACME (P) ACME Acme Corp Remove ACME from
    // the watchlist (Delete) 102.50 up +2.50 …".
    const acme = screen.getByRole('row', {
      name: 'ACME, Acme Corp: last 102.50 up, change +2.50, change +2.50%, bid 102.49, ask 102.51, volume 12.3K',
    });
    expect(within(acme).getByRole('button', { name: 'Pin ACME (P)' })).toBeTruthy();
    expect(
      within(acme).getByRole('button', { name: 'Remove ACME from the watchlist (Delete)' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('row', { name: /^GLBX, .* \(pinned\): last 98\.0 down,/ }),
    ).toBeTruthy();
  });

  it('turns a move arrow with one DOM write, its class (its glyphs are the class’s)', async () => {
    const { rerender } = renderList();
    const arrow = screen.getByTestId('watchlist-row-GLBX').querySelector('.arrow')!;
    expect(arrow.className).toMatch(/\bdown\b/);
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((r) => records.push(...r));
    observer.observe(arrow, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    await rerender({ rows: rowsAfter(['ACME', 102.5], ['GLBX', 98], ['GLBX', 98.5]) });
    await tick();
    records.push(...observer.takeRecords());
    const writes = records.map((r) => `${r.type} ${r.attributeName ?? ''}`.trim());
    observer.disconnect();
    expect(arrow.className).toMatch(/\bup\b/);
    expect(writes).toEqual(['attributes class']);
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

  it('closes its Columns and Add menus like every popover: Escape (focus back), a press outside', async () => {
    renderList();
    for (const name of ['Columns', 'Add (0)']) {
      const summary = screen.getByText(name, { selector: 'summary' });
      const menu = summary.closest('details')!;
      await fireEvent.click(summary);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(menu.open).toBe(true);
      await fireEvent.keyDown(window, { key: 'Escape' });
      expect(menu.open).toBe(false);
      expect(document.activeElement).toBe(summary);
      await fireEvent.click(summary);
      await new Promise((resolve) => setTimeout(resolve, 0));
      await fireEvent.pointerDown(menu.querySelector('summary ~ *')!);
      expect(menu.open).toBe(true);
      await fireEvent.pointerDown(document.body);
      expect(menu.open).toBe(false);
    }
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
