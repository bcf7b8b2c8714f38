import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardState } from '../state/dashboard.svelte';
import { HostCommands } from '../state/host-commands.svelte';
import { InterestReport } from '../state/interest-report';
import { INSTRUMENTS, batch, marketRow } from '../../../test-support/batches';
import { fakeApi } from '../../../test-support/renderer-api';
import DashboardWatchlist from './DashboardWatchlist.svelte';

afterEach(cleanup);

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

function renderDashboardWatchlist(market = [marketRow('ACME', 101)]) {
  const dash = new DashboardState();
  dash.apply(batch({ reset: true, instruments: INSTRUMENTS, market }), 0);
  const { api } = fakeApi('web');
  render(DashboardWatchlist, {
    props: {
      dash,
      host: new HostCommands(api, dash),
      interest: new InterestReport(() => {}),
      now: 0,
      popout: { mode: 'popout', onclick: () => {} },
    },
  });
  return dash;
}

/** Each text written into the ACME row's Last cell from now on. */
function lastCellWrites(): string[] {
  const cell = screen.getByTestId('watchlist-row-ACME').querySelector('td.last')!;
  const writes: string[] = [];
  new MutationObserver((records) => {
    for (const r of records) if (r.type === 'characterData') writes.push(r.target.nodeValue!);
  }).observe(cell, { characterData: true, subtree: true });
  return writes;
}

describe('DashboardWatchlist', () => {
  it('writes the rows at the next animation frame, the newest of several batches once', async () => {
    const dash = renderDashboardWatchlist();
    await nextFrame();
    const writes = lastCellWrites();
    dash.apply(batch({ market: [marketRow('ACME', 102)] }), 0);
    await tick();
    dash.apply(batch({ market: [marketRow('ACME', 103)] }), 0);
    await tick();
    // Still the price drawn last: the batches wait for the frame.
    expect(screen.getByTestId('watchlist-row-ACME').textContent).toContain('101.00');
    await nextFrame();
    await tick();
    expect(screen.getByTestId('watchlist-row-ACME').textContent).toContain('103.00');
    expect(writes.map((w) => w.trim()).filter((w) => /\d/.test(w))).toEqual(['103.00']);
  });

  it('shows the order a header click sorts by, with the pointer over the list', async () => {
    const dash = renderDashboardWatchlist([marketRow('ACME', 101), marketRow('GLBX', 250)]);
    await nextFrame();
    const order = () =>
      screen.getAllByTestId(/^watchlist-row-/).map((r) => r.dataset.testid!.slice(14));
    expect(order()).toEqual(['ACME', 'GLBX']);
    // The pointer is over the list: it is on the header it clicks.
    await fireEvent.pointerEnter(screen.getByRole('region', { name: /^Watchlist/ }));
    await fireEvent.click(screen.getByRole('button', { name: /^Last/ }));
    await nextFrame();
    await tick();
    expect(dash.sort).toEqual({ key: 'last', dir: -1 });
    expect(order()).toEqual(['GLBX', 'ACME']);
    dash.apply(batch({ market: [marketRow('ACME', 102)] }), 0);
    await nextFrame();
    await tick();
    expect(order()).toEqual(['GLBX', 'ACME']);
  });

  it('keeps keyboard focus on a row pinned with P, as it moves to the top, and on it unpinned', async () => {
    renderDashboardWatchlist([marketRow('ACME', 101), marketRow('GLBX', 250)]);
    await nextFrame();
    const glbx = () => screen.getByTestId('watchlist-row-GLBX');
    glbx().focus();
    await fireEvent.keyDown(glbx(), { key: 'p' });
    await nextFrame();
    await tick();
    expect(screen.getAllByTestId(/^watchlist-row-/)[0]).toBe(glbx());
    expect(document.activeElement).toBe(glbx());
    await fireEvent.keyDown(glbx(), { key: 'p' });
    await nextFrame();
    await tick();
    expect(screen.getAllByTestId(/^watchlist-row-/)[1]).toBe(glbx());
    expect(document.activeElement).toBe(glbx());
  });
});
