import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { CandleIndicators } from './candle-indicators';

const MS = 5_000;
const CANDLES = { label: 'candles', data: [] };

/** The parts of a chart the indicators touch: its datasets (candles first) and the RSI scale. */
function chart(): Chart {
  return { data: { datasets: [CANDLES] }, options: { scales: { rsi: {} } } } as unknown as Chart;
}

const SPECS: readonly IndicatorSpec[] = [
  { kind: 'volume' },
  { kind: 'bollinger', period: 3, stdDev: 2 },
  { kind: 'rsi', period: 3 },
];

describe('CandleIndicators', () => {
  it('draws each computed line as a dataset after the candles, volume as the candles’ own, RSI in its pane', () => {
    const indicators = new CandleIndicators(MS);
    const c = chart();
    expect(indicators.set(SPECS)).toBe(true);
    indicators.restart(c, MS);
    const datasets = c.data.datasets;
    // Bollinger's three lines and RSI's one; volume is no dataset.
    expect(datasets.map((d) => d.label)).toEqual([
      'candles',
      ...Array(3).fill(datasets[1]!.label),
      datasets[4]!.label,
    ]);
    expect(datasets.slice(1).map((d) => (d as { yAxisID?: string }).yAxisID)).toEqual([
      'y',
      'y',
      'y',
      'rsi',
    ]);
    expect((c.options.scales!.rsi as { display?: boolean }).display).toBe(true);
    expect(indicators.volume).toBe(true);
  });

  it('keeps the lines for the same specs, and starts them over without RSI or volume when those go', () => {
    const indicators = new CandleIndicators(MS);
    const c = chart();
    indicators.set(SPECS);
    indicators.restart(c, MS);
    expect(indicators.set(SPECS.map((s) => ({ ...s })))).toBe(false);
    expect(indicators.set([{ kind: 'sma', period: 2 }])).toBe(true);
    indicators.restart(c, MS);
    const bars = new ColumnarRing(16, 6);
    [10, 12, 14].forEach((close, i) => bars.push(i * MS, close, close, close, close, 1));
    indicators.update(bars);
    expect(c.data.datasets).toHaveLength(2);
    expect((c.data.datasets[1]!.data as { y: number }[]).map((p) => p.y)).toEqual([NaN, 11, 13]);
    expect((c.options.scales!.rsi as { display?: boolean }).display).toBe(false);
    expect(indicators.volume).toBe(false);
  });
});
