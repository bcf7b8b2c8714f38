import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState, Health, SourceHealth } from '../../../protocol/health';
import type { ChartGrid } from '../../../protocol/settings';
import { PALETTES } from '../charts/palette';
import { FrameScheduler } from '../charts/scheduler';
import { DashboardState } from '../state/dashboard.svelte';
import {
  INSTRUMENTS,
  batch,
  health,
  marketRow,
  matchRow,
  sourceHealth,
} from '../../../test-support/batches';
import ChartsPanel from './ChartsPanel.svelte';
import SportsPanel from './SportsPanel.svelte';

// jsdom has no canvas: the charts are built but never drawn; what is checked is what the
// page says about each chart, and which compared lines the chart greys.
vi.mock('../charts/register', () => ({ registerCharts: () => {} }));
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const NOW = 50_000;
const KRAKEN = 'kraken:BTC/USD';
const COINBASE = 'coinbase:BTC-USD';

function source(name: string, connection: ConnectionState, lastDataAt: number): SourceHealth {
  return sourceHealth(name, { connection, lastDataAt });
}

/** Kraken live; Coinbase's connection cut 9 s ago, its last data 41 s old. */
const ONE_DOWN: Health = health({
  connection: { state: 'reconnecting', attempt: 2, nextRetryAt: NOW + 3_000, reason: 'ECONNRESET' },
  sources: [
    source('kraken', { state: 'live' }, NOW - 100),
    source(
      'coinbase',
      { state: 'reconnecting', attempt: 2, nextRetryAt: NOW + 3_000, reason: 'x' },
      NOW - 41_000,
    ),
  ],
});

/** A dashboard fed one batch: health `h`, and a match from each source. */
function dashboard(h: Health): DashboardState {
  const dash = new DashboardState();
  const match = (id: string) =>
    ({ id, kind: 'sports', name: 'Harbor v North', home: 'Harbor', away: 'North' }) as const;
  dash.apply(
    batch({
      reset: true,
      instruments: [match('kraken:M1'), match('coinbase:M2')],
      sports: [matchRow('kraken:M1'), matchRow('coinbase:M2')],
      health: h,
    }),
    NOW,
  );
  return dash;
}

function renderCharts(
  dash: DashboardState,
  overlay: boolean,
  charts: { focused: readonly string[]; waiting?: readonly string[] } = {
    focused: [KRAKEN, COINBASE],
  },
  grid: ChartGrid = 2,
) {
  render(ChartsPanel, {
    props: {
      ...charts,
      rows: [],
      windowMin: 5,
      barIntervalMs: 1000,
      series: dash.series,
      scheduler: new FrameScheduler(),
      palette: PALETTES.dark,
      paused: false,
      onrange: () => {},
      overlay,
      onoverlay: () => {},
      setups: {},
      onsetup: () => {},
      grid,
      staleness: (id: string) => dash.chartStale(id, NOW),
    },
  });
}

const chartOf = (id: string) => screen.getByRole('article', { name: `${id} charts` });

describe("a chart follows its own source's freshness", () => {
  it("greys and labels the down source's charts and leaves the live source's alone", () => {
    renderCharts(dashboard(ONE_DOWN), false);
    const down = chartOf(COINBASE);
    expect(down.dataset.stale).toBe('true');
    expect(within(down).getByTestId('chart-stale').textContent).toBe(
      'Disconnected · data 41 s old',
    );
    const live = chartOf(KRAKEN);
    expect(live.dataset.stale).toBe('false');
    expect(within(live).queryByTestId('chart-stale')).toBeNull();
  });

  it('greys only the down source’s line in a comparison of two sources', () => {
    renderCharts(dashboard(ONE_DOWN), true);
    const canvas = screen.getByTestId('compare-chart').querySelector('canvas')!;
    expect(canvas.dataset.staleSeries).toBe(COINBASE);
    expect(screen.getByTestId('compare-stale').textContent).toBe(
      `${COINBASE}: Disconnected · data 41 s old`,
    );
  });

  it('leaves every chart live while every source delivers', () => {
    const live = health({
      sources: [
        source('kraken', { state: 'live' }, NOW),
        source('coinbase', { state: 'live' }, NOW),
      ],
    });
    renderCharts(dashboard(live), true);
    const canvas = screen.getByTestId('compare-chart').querySelector('canvas')!;
    expect(canvas.dataset.staleSeries).toBe('');
    expect(screen.queryByTestId('compare-stale')).toBeNull();
  });

  it("suspends and labels the down source's match and leaves the live source's alone", () => {
    const dash = dashboard(ONE_DOWN);
    render(SportsPanel, {
      props: {
        matches: dash.matches,
        charts: { scheduler: new FrameScheduler(), series: dash.series, palette: PALETTES.dark },
        staleness: (id: string) => dash.chartStale(id, NOW),
      },
    });
    const down = screen.getByTestId('match-coinbase:M2');
    expect(down.dataset.stale).toBe('true');
    expect(within(down).getByTestId('odds-stale').textContent).toBe('Disconnected · data 41 s old');
    const live = screen.getByTestId('match-kraken:M1');
    expect(live.dataset.stale).toBe('false');
    expect(within(live).queryByTestId('odds-stale')).toBeNull();
  });
});

describe('charts of instruments no source has', () => {
  it('say which instrument they wait for, and chart no other in its place', () => {
    // What a switch to a workspace whose charted instruments are gone leaves the page with.
    const dash = new DashboardState();
    const market = [marketRow('ACME', 101), marketRow('GLBX', 99)];
    dash.apply(batch({ reset: true, instruments: INSTRUMENTS, market }), NOW);
    dash.settings = { ...dash.settings, chartGrid: 2, focused: ['NOPE', 'GONE'] };
    renderCharts(dash, false, { focused: dash.focused, waiting: dash.charts.waiting });
    expect(screen.queryAllByRole('article')).toEqual([]);
    expect(screen.getAllByTestId('chart-waiting').map((cell) => cell.textContent)).toEqual([
      expect.stringMatching(/^\s*Waiting for NOPE: no source has it yet/),
      expect.stringMatching(/^\s*Waiting for GONE: no source has it yet/),
    ]);
    // One of them back: charted in its cell, the other still awaited.
    cleanup();
    dash.settings = { ...dash.settings, focused: ['NOPE', 'GLBX'] };
    renderCharts(dash, false, { focused: dash.focused, waiting: dash.charts.waiting });
    expect(chartOf('GLBX')).toBeTruthy();
    expect(screen.getByTestId('chart-waiting').textContent).toMatch(/Waiting for NOPE/);
  });
});

describe('the chart grid', () => {
  const cells = () => screen.getByTestId('chart-grid').children;

  it('bug 197: gives one charted instrument the whole panel', () => {
    // A first start: one instrument charted in the default room for two. Before, it had half
    // the panel, the other half a cell saying "Shift-click an instrument…" (the watchlist's
    // head says "Shift: compare").
    renderCharts(dashboard(ONE_DOWN), false, { focused: [KRAKEN] });
    expect(cells()).toHaveLength(1);
    expect(chartOf(KRAKEN)).toBeTruthy();
    expect(screen.getByTestId('chart-grid').style.getPropertyValue('--cols')).toBe('1');
  });

  it('lays out as few cells as the charts need, spare ones saying how to fill them', () => {
    renderCharts(dashboard(ONE_DOWN), false, { focused: [KRAKEN, COINBASE] }, 6);
    expect(cells()).toHaveLength(2);
    expect(screen.getByTestId('chart-grid').dataset.grid).toBe('6');
    cleanup();
    renderCharts(dashboard(ONE_DOWN), false, { focused: [KRAKEN, COINBASE], waiting: ['X'] }, 6);
    expect(cells()).toHaveLength(4);
    expect(cells()[3]!.textContent).toMatch(/Shift-click an instrument/);
  });
});

describe('the comparison on one axis', () => {
  it('names its mode button for the mode shown and what a press does, never “not pressed”', async () => {
    renderCharts(dashboard(ONE_DOWN), true);
    const button = screen.getByRole('button', { name: '% from start: switch to price' });
    // Before (bug in the 33rd session): aria-pressed false while the lines were in % from start.
    expect(button.hasAttribute('aria-pressed')).toBe(false);
    await fireEvent.click(button);
    expect(button.getAttribute('aria-label')).toBe('Price: switch to % from start');
    expect(button.textContent).toBe('Price');
  });

  it('bug 196: puts its mode button in the panel head, not on a row of its own above the chart', () => {
    renderCharts(dashboard(ONE_DOWN), true);
    const head = screen.getByRole('heading', { name: 'Charts' }).parentElement!;
    expect(within(head).getByTestId('compare-mode')).toBeTruthy();
  });

  it('bug 200: names the chart for what it draws, % or price', async () => {
    renderCharts(dashboard(ONE_DOWN), true);
    const chart = screen.getByTestId('compare-chart');
    expect(chart.getAttribute('aria-label')).toBe(
      `${KRAKEN}, ${COINBASE} in % from a common start, last 5 minutes`,
    );
    await fireEvent.click(screen.getByTestId('compare-mode'));
    // Before: "in % from a common start" over lines drawn in price.
    expect(chart.getAttribute('aria-label')).toBe(
      `${KRAKEN}, ${COINBASE} in price, last 5 minutes`,
    );
  });
});
