import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../protocol/ipc';
import { DashboardState } from '../state/dashboard.svelte';
import {
  INSTRUMENTS,
  batch,
  health,
  marketRow,
  matchRow,
  sourceHealth,
} from '../../../test-support/batches';
import SportsPanel from './SportsPanel.svelte';
import StaleBanner from './StaleBanner.svelte';
import Watchlist from './Watchlist.svelte';

// The sports panel imports the odds chart; nothing is charted here (no frame loop given).
vi.mock('../charts/register', () => ({ registerCharts: () => {} }));

afterEach(cleanup);

const DOWN = health({
  connection: { state: 'reconnecting', attempt: 2, nextRetryAt: 12_000, reason: 'read ECONNRESET' },
  connectionSince: 9_000,
  lastDataAt: 8_700,
});

/** The watchlist and sports panel as App wires them, from a dashboard fed these batches. */
function renderDashboard(healthNow: typeof DOWN, now: number) {
  const dash = new DashboardState();
  dash.apply(
    batch({
      reset: true,
      instruments: INSTRUMENTS,
      market: [marketRow('ACME', 101, { ts: 8_000 }), marketRow('GLBX', 99, { ts: 8_000 })],
      sports: [matchRow('M1')],
    }),
    8_000,
  );
  dash.apply(batch({ market: [marketRow('ACME', 102, { ts: 8_600 })], health: healthNow }), now);
  const stale = dash.noSourceLive;
  render(StaleBanner, { props: { health: dash.health, now } });
  render(Watchlist, {
    props: {
      rows: dash.rows,
      sort: { key: 'none', dir: 1 },
      focused: [],
      columns: DEFAULT_SETTINGS.watchlistColumns,
      pinned: [],
      hidden: [],
      onsort: () => {},
      onselect: () => {},
      stale,
      freshness: (id: string) => dash.rowFreshness(id, now),
    },
  });
  render(SportsPanel, {
    props: { matches: dash.matches, staleness: (id: string) => dash.chartStale(id, now) },
  });
}

describe('old data never looks live', () => {
  it('while the source is down: a banner with since, age and reason; rows and cards stale', () => {
    renderDashboard(DOWN, 11_000);
    const banner = screen.getByTestId('stale-banner');
    expect(banner.textContent).toMatch(
      /Disconnected\s*since \d\d:\d\d:\d\d \(data 2 s old\) · the connection was cut; next try in 1 s \(attempt 2\)/,
    );
    const acme = screen.getByTestId('watchlist-row-ACME');
    expect(acme.dataset.stale).toBe('true');
    expect(acme.className).toContain('stale');
    expect(acme.querySelector('.age')!.textContent).toBe('2 s'); // its last tick, at 8.6 s
    const card = screen.getByTestId('match-M1');
    expect(card.dataset.stale).toBe('true');
    expect(card.textContent).not.toMatch(/\blive\b/i);
    expect(card.textContent).toContain('Suspended');
    expect(card.getAttribute('aria-label')).not.toMatch(/\blive\b/i);
    expect(card.querySelector('[aria-label^="Decimal odds, locked"]')).not.toBeNull();
  });

  it('while the source is live: no banner, nothing stale, the card says Live', () => {
    renderDashboard(health({ lastDataAt: 8_900 }), 9_000);
    expect(screen.queryByTestId('stale-banner')).toBeNull();
    expect(screen.getByTestId('watchlist-row-ACME').dataset.stale).toBe('false');
    expect(screen.getByTestId('match-M1').dataset.stale).toBe('false');
    expect(screen.getByTestId('match-M1').textContent).toContain('Live');
  });

  it('marks an instrument halted while its source is live', () => {
    const dash = new DashboardState();
    dash.apply(batch({ reset: true, instruments: INSTRUMENTS, market: [] }), 0);
    for (let ts = 1_000; ts <= 5_000; ts += 100)
      dash.apply(
        batch({ market: [marketRow('ACME', 101, { ts }), marketRow('GLBX', 99, { ts })] }),
        ts,
      );
    dash.apply(batch({ market: [marketRow('GLBX', 99, { ts: 9_500 })] }), 9_500);
    render(Watchlist, {
      props: {
        rows: dash.rows,
        sort: { key: 'none', dir: 1 },
        focused: [],
        columns: DEFAULT_SETTINGS.watchlistColumns,
        pinned: [],
        hidden: [],
        onsort: () => {},
        onselect: () => {},
        freshness: (id: string) => dash.rowFreshness(id, 9_600),
      },
    });
    const acme = screen.getByTestId('watchlist-row-ACME');
    expect(acme.dataset.halted).toBe('true');
    expect(acme.textContent).toContain('halted 4 s');
    expect(screen.getByTestId('watchlist-row-GLBX').dataset.halted).toBe('false');
  });
});

describe('the stale banner with several sources down', () => {
  it('gives each source down a line of its own, with the live ones named beside', () => {
    const down = { state: 'closed' } as const;
    const sources = [
      sourceHealth('sim', { lastDataAt: 9_900 }),
      sourceHealth('kraken', { connection: down, connectionSince: 9_000, lastDataAt: 8_000 }),
      sourceHealth('coinbase', { connection: down, connectionSince: 9_500, lastDataAt: 9_000 }),
    ];
    render(StaleBanner, { props: { health: health({ connection: down, sources }), now: 10_000 } });
    const lines = screen.getAllByTestId('stale-line').map((line) => line.textContent);
    expect(lines).toEqual([
      expect.stringMatching(/^kraken Disconnected\s*since .* \(data 2 s old\) · the feed was/),
      expect.stringMatching(/^coinbase Disconnected\s*since .* \(data 1 s old\) · the feed was/),
    ]);
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual([
      'kraken Disconnected',
      'coinbase Disconnected',
    ]);
    expect(screen.getByTestId('stale-live').textContent).toBe('sim is live');
  });
});
