import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { indicatorColour, indicatorNamesPlugin, indicatorNameText } from './indicator-names';

/** A chart whose context records each text written, where and in which colour. */
function recordingChart() {
  const written: { text: string; x: number; y: number; colour: string }[] = [];
  const ctx = {
    fillStyle: '',
    save() {},
    restore() {},
    fillText(text: string, x: number, y: number) {
      written.push({ text, x, y, colour: ctx.fillStyle });
    },
  };
  const chart = { ctx, chartArea: { left: 10, top: 20, right: 200, bottom: 100 } };
  return { chart: chart as unknown as Chart, written };
}

describe('the indicator names plugin', () => {
  it('names each indicator down the top left corner, in its lines’ colour', () => {
    const { chart, written } = recordingChart();
    const plugin = indicatorNamesPlugin(
      () => [
        { kind: 'sma', period: 20 },
        { kind: 'ema', period: 2 },
        { kind: 'bollinger', period: 20, stdDev: 2 },
      ],
      () => 20,
    );
    (plugin.afterDatasetsDraw as (c: Chart) => void)(chart);
    expect(written).toEqual([
      { text: 'SMA 20', x: 14, y: 22, colour: indicatorColour(0) },
      { text: 'EMA 2', x: 14, y: 34, colour: indicatorColour(1) },
      { text: 'BB 20 2', x: 14, y: 46, colour: indicatorColour(2) },
    ]);
  });

  it('writes nothing on a chart without indicators', () => {
    const { chart, written } = recordingChart();
    (
      indicatorNamesPlugin(
        () => [],
        () => 0,
      ).afterDatasetsDraw as (c: Chart) => void
    )(chart);
    expect(written).toEqual([]);
  });

  it('says how many bars an indicator has of those it needs, while it has too few to draw', () => {
    const { chart, written } = recordingChart();
    const plugin = indicatorNamesPlugin(
      () => [
        { kind: 'sma', period: 500 },
        { kind: 'ema', period: 2 },
      ],
      () => 60,
    );
    (plugin.afterDatasetsDraw as (c: Chart) => void)(chart);
    expect(written.map((w) => w.text)).toEqual(['SMA 500 · 60 of 500 bars', 'EMA 2']);
  });
});

describe('an indicator name beside the bars held', () => {
  it('counts a period of bars for the averages and bands, one more for RSI, one for VWAP and volume', () => {
    expect(indicatorNameText({ kind: 'sma', period: 20 }, 19)).toBe('SMA 20 · 19 of 20 bars');
    expect(indicatorNameText({ kind: 'sma', period: 20 }, 20)).toBe('SMA 20');
    expect(indicatorNameText({ kind: 'ema', period: 9 }, 8)).toBe('EMA 9 · 8 of 9 bars');
    expect(indicatorNameText({ kind: 'bollinger', period: 20, stdDev: 2 }, 3)).toBe(
      'BB 20 2 · 3 of 20 bars',
    );
    expect(indicatorNameText({ kind: 'rsi', period: 14 }, 14)).toBe('RSI 14 · 14 of 15 bars');
    expect(indicatorNameText({ kind: 'rsi', period: 14 }, 15)).toBe('RSI 14');
    expect(indicatorNameText({ kind: 'vwap' }, 0)).toBe('VWAP · 0 of 1 bar');
    expect(indicatorNameText({ kind: 'volume' }, 1)).toBe('Volume');
  });
});
