/**
 * What the watchlist shows, read cell by cell under its column header and compared with the
 * engine's market row it came from. The fixture keeps every column distinct (change is not
 * change %, bid is not ask, the moves go both ways), so a value in the wrong column, a lost
 * sign or a wrong precision shows up as a number that does not match.
 */
import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MarketRow } from '../../../protocol/market-rows';
import { DEFAULT_SETTINGS } from '../../../protocol/ipc';
import { DashboardState } from '../state/dashboard.svelte';
import { INSTRUMENTS, batch, marketRow } from '../../../test-support/batches';
import Watchlist from './Watchlist.svelte';

afterEach(cleanup);

/** The engine's rows: ACME up 25 % from its open, GLBX down 4 %, spreads uneven around last. */
const ENGINE_ROWS: MarketRow[] = [
  marketRow('ACME', 100, { open: 80, bid: 99.97, ask: 100.06, volume: 1_234_567 }),
  marketRow('GLBX', 96, { open: 100, bid: 95.5, ask: 97, volume: 870 }),
];

function renderEngineRows() {
  const state = new DashboardState();
  state.apply(batch({ reset: true, instruments: INSTRUMENTS, market: ENGINE_ROWS }), 0);
  render(Watchlist, {
    props: {
      rows: state.rows,
      sort: { key: 'none', dir: 1 },
      focused: [],
      columns: DEFAULT_SETTINGS.watchlistColumns,
      pinned: [],
      hidden: [],
      onsort: vi.fn(),
      onselect: vi.fn(),
    },
  });
  return state.rows;
}

/** The text of `id`'s cell under the column whose header reads `header`. */
function cell(id: string, header: string): string {
  const headers = screen
    .getAllByRole('columnheader')
    .map((th) => th.textContent!.replace(/[↑↓]/g, '').trim());
  const column = headers.indexOf(header);
  expect(column, `a column headed "${header}" among ${headers.join(', ')}`).toBeGreaterThan(-1);
  const cells = screen.getByTestId(`watchlist-row-${id}`).querySelectorAll('th, td');
  return cells[column]!.textContent!.replace(/\s+/g, ' ').trim();
}

/** A displayed number: its value (true minus sign understood) and its decimal places. */
function shown(text: string): { value: number; decimals: number } {
  const match = /([+−-]?)(\d+(?:\.(\d+))?)/.exec(text);
  expect(match, `a number in "${text}"`).not.toBeNull();
  const [, sign, digits, fraction] = match!;
  const magnitude = Number(digits);
  return {
    value: sign === '−' || sign === '-' ? -magnitude : magnitude,
    decimals: fraction?.length ?? 0,
  };
}

/** `text` shows `expected` to exactly `decimals` places. */
function expectShows(text: string, expected: number, decimals: number): void {
  const { value, decimals: places } = shown(text);
  expect(places, `decimals in "${text}"`).toBe(decimals);
  expect(value, `"${text}" shows ${expected}`).toBeCloseTo(expected, decimals);
}

describe('Watchlist cells against the engine rows', () => {
  it('shows last, change and change % under their own headers, with sign and precision', () => {
    const rows = renderEngineRows();
    for (const engine of ENGINE_ROWS) {
      const { decimals } = rows.find((r) => r.id === engine.id)!;
      const change = engine.last - engine.open;
      expectShows(cell(engine.id, 'Last'), engine.last, decimals);
      expectShows(cell(engine.id, 'Chg'), change, decimals);
      expectShows(cell(engine.id, 'Chg %'), (change / engine.open) * 100, 2);
      expect(cell(engine.id, 'Chg %').endsWith('%')).toBe(true);
      // A rise reads "+", a fall the true minus sign, whatever the colour.
      const sign = change > 0 ? '+' : '−';
      expect(cell(engine.id, 'Chg').startsWith(sign)).toBe(true);
      expect(cell(engine.id, 'Chg %').startsWith(sign)).toBe(true);
    }
  });

  it('shows the bid before the ask, each with the instrument precision', () => {
    const rows = renderEngineRows();
    for (const engine of ENGINE_ROWS) {
      const { decimals } = rows.find((r) => r.id === engine.id)!;
      const [bid, ask] = cell(engine.id, 'Bid / Ask').split('/');
      expectShows(bid!, engine.bid, decimals);
      expectShows(ask!, engine.ask, decimals);
    }
  });

  it('shows the volume, compacted, in its column', () => {
    renderEngineRows();
    expect(cell('ACME', 'Vol')).toBe('1.2M');
    expect(cell('GLBX', 'Vol')).toBe('870');
  });
});
