import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChartSetup } from '../../../protocol/chart-setup';
import { PALETTES } from '../charts/palette';
import { FrameScheduler } from '../charts/scheduler';
import { SeriesStore } from '../state/series-store';
import InstrumentCharts from './InstrumentCharts.svelte';

// jsdom has no canvas: the charts are built but never drawn; what is checked is the price
// line's indicator menu and what it saves.
vi.mock('../charts/register', () => ({ registerCharts: () => {} }));
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function renderCharts(setup: ChartSetup, onsetup: (s: ChartSetup) => void = () => {}) {
  render(InstrumentCharts, {
    props: {
      id: 'ACME',
      row: undefined,
      windowMin: 5,
      barIntervalMs: 5_000,
      intervalLabel: '5-second',
      series: new SeriesStore(),
      scheduler: new FrameScheduler(),
      palette: PALETTES.dark,
      setup,
      onsetup,
    },
  });
  return within(screen.getByTestId('price-indicator-menu'));
}

describe("the price line's indicator menu", () => {
  it('offers every indicator the candles have: SMA, EMA, VWAP, Bollinger, RSI and volume', () => {
    const menu = renderCharts({ indicators: [], priceLines: [] });
    const offered = menu.getAllByRole('option').map((o) => o.textContent);
    expect(offered).toEqual([
      'SMA',
      'EMA',
      'VWAP (session)',
      'Bollinger bands',
      'RSI (sub-pane)',
      'Volume',
    ]);
  });

  it.each([
    ['rsi', { kind: 'rsi', period: 20 }],
    ['vwap', { kind: 'vwap' }],
    ['volume', { kind: 'volume' }],
  ])(
    'adds %s to the price line, saved in its setup beside the candles’ own',
    async (kind, spec) => {
      const saved: ChartSetup[] = [];
      const menu = renderCharts({ indicators: [{ kind: 'sma', period: 5 }], priceLines: [] }, (s) =>
        saved.push(s),
      );
      await fireEvent.change(menu.getByLabelText('Indicator'), { target: { value: kind } });
      await fireEvent.click(menu.getByRole('button', { name: 'Add' }));
      expect(saved).toEqual([
        { indicators: [{ kind: 'sma', period: 5 }], priceLines: [], priceIndicators: [spec] },
      ]);
    },
  );

  it('gives the charts the sub-pane layout when the price line carries an RSI', () => {
    renderCharts({
      indicators: [],
      priceLines: [],
      priceIndicators: [{ kind: 'rsi', period: 14 }],
    });
    expect(screen.getByRole('article', { name: 'ACME charts' }).classList).toContain('with-pane');
  });
});
