import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DashboardState } from '../state/dashboard.svelte';
import type { SortSpec } from '../state/row-view';
import { INSTRUMENTS, batch, marketRow } from '../state/test-batches';
import Watchlist from './Watchlist.svelte';

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

function renderList(over: Partial<{ sort: SortSpec; focused: string[] }> = {}) {
  const onsort = vi.fn();
  const onselect = vi.fn();
  const result = render(Watchlist, {
    props: {
      rows: rowsAfter(['ACME', 102.5], ['GLBX', 98]),
      sort: over.sort ?? { key: 'none', dir: 1 },
      focused: over.focused ?? ['ACME'],
      onsort,
      onselect,
    },
  });
  return { ...result, onsort, onselect };
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
    expect(glbx.tabIndex).toBe(0);
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
