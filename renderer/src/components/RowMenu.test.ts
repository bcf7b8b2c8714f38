import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../protocol/ipc';
import { rowsAfter } from '../../../test-support/dashboard-rows';
import Watchlist from './Watchlist.svelte';

afterEach(cleanup);

function renderList(focused: readonly string[] = ['ACME']) {
  const calls = { onselect: vi.fn(), onlist: vi.fn(), onalert: vi.fn() };
  render(Watchlist, {
    props: {
      rows: rowsAfter(),
      sort: { key: 'none', dir: 1 },
      focused,
      columns: DEFAULT_SETTINGS.watchlistColumns,
      pinned: [],
      hidden: [],
      onsort: vi.fn(),
      ...calls,
    },
  });
  return calls;
}

const menuItems = () =>
  within(screen.getByRole('menu'))
    .getAllByRole('menuitem')
    .map((b) => b.textContent!.replace(/\s+/g, ' ').trim());

describe("A watchlist row's context menu", () => {
  it("opens on right-click with the row's actions and their keys, focus on the first", async () => {
    renderList();
    await fireEvent.contextMenu(screen.getByTestId('watchlist-row-GLBX'), {
      clientX: 40,
      clientY: 60,
    });
    const menu = screen.getByRole('menu', { name: 'GLBX: actions' });
    expect(menuItems()).toEqual([
      'Chart Enter',
      'Add to the charts Shift+Enter',
      'Pin to the top P',
      'New alert…',
      'Remove from the list Del',
    ]);
    await tick();
    expect(document.activeElement).toBe(within(menu).getAllByRole('menuitem')[0]);
  });

  it('says "Take out of the charts" for a charted instrument', async () => {
    renderList();
    await fireEvent.contextMenu(screen.getByTestId('watchlist-row-ACME'));
    expect(menuItems()[1]).toBe('Take out of the charts Shift+Enter');
  });

  it('runs a choice on its row and closes', async () => {
    const calls = renderList();
    await fireEvent.contextMenu(screen.getByTestId('watchlist-row-GLBX'));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'New alert…' }));
    await vi.waitFor(() => expect(calls.onalert).toHaveBeenCalledWith('GLBX'));
    expect(screen.queryByRole('menu')).toBeNull();
    await fireEvent.contextMenu(screen.getByTestId('watchlist-row-GLBX'));
    await fireEvent.click(screen.getByRole('menuitem', { name: /Add to the charts/ }));
    await vi.waitFor(() => expect(calls.onselect).toHaveBeenCalledWith('GLBX', true));
    await fireEvent.contextMenu(screen.getByTestId('watchlist-row-GLBX'));
    await fireEvent.click(screen.getByRole('menuitem', { name: /Pin to the top/ }));
    await vi.waitFor(() => expect(calls.onlist).toHaveBeenCalledWith({ pinned: ['GLBX'] }));
  });

  it('takes a compared instrument out of the charts when it leaves the list, not one charted alone', async () => {
    const compared = renderList(['ACME', 'GLBX']);
    await fireEvent.contextMenu(screen.getByTestId('watchlist-row-GLBX'));
    await fireEvent.click(screen.getByRole('menuitem', { name: /Remove from the list/ }));
    await vi.waitFor(() =>
      expect(compared.onlist).toHaveBeenCalledWith({ hidden: ['GLBX'], pinned: [] }),
    );
    expect(compared.onselect).toHaveBeenCalledWith('GLBX', true);
    cleanup();
    const alone = renderList(['ACME']);
    await fireEvent.contextMenu(screen.getByTestId('watchlist-row-ACME'));
    await fireEvent.click(screen.getByRole('menuitem', { name: /Remove from the list/ }));
    await vi.waitFor(() =>
      expect(alone.onlist).toHaveBeenCalledWith({ hidden: ['ACME'], pinned: [] }),
    );
    expect(alone.onselect).not.toHaveBeenCalled();
  });

  it('opens from the keyboard (Shift+F10, the menu key), moves with arrows, Escape gives focus back', async () => {
    renderList();
    const row = screen.getByTestId('watchlist-row-GLBX');
    row.focus();
    await fireEvent.keyDown(row, { key: 'F10', shiftKey: true });
    const items = within(screen.getByRole('menu')).getAllByRole('menuitem');
    await tick();
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items.at(-1));
    await fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(items[0]);
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await vi.waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    await vi.waitFor(() => expect(document.activeElement).toBe(row));
    await fireEvent.keyDown(row, { key: 'ContextMenu' });
    expect(screen.getByRole('menu', { name: 'GLBX: actions' })).toBeTruthy();
  });

  it('closes on a press outside, leaving focus where the press put it', async () => {
    const calls = renderList();
    await fireEvent.contextMenu(screen.getByTestId('watchlist-row-GLBX'));
    await fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(calls.onalert).not.toHaveBeenCalled();
  });
});
