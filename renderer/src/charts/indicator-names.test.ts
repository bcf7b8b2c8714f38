import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { indicatorColour, indicatorNamesPlugin } from './indicator-names';

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
    const plugin = indicatorNamesPlugin(() => [
      { kind: 'sma', period: 20 },
      { kind: 'ema', period: 2 },
      { kind: 'bollinger', period: 20, stdDev: 2 },
    ]);
    (plugin.afterDatasetsDraw as (c: Chart) => void)(chart);
    expect(written).toEqual([
      { text: 'SMA 20', x: 14, y: 22, colour: indicatorColour(0) },
      { text: 'EMA 2', x: 14, y: 34, colour: indicatorColour(1) },
      { text: 'BB 20 2', x: 14, y: 46, colour: indicatorColour(2) },
    ]);
  });

  it('writes nothing on a chart without indicators', () => {
    const { chart, written } = recordingChart();
    (indicatorNamesPlugin(() => []).afterDatasetsDraw as (c: Chart) => void)(chart);
    expect(written).toEqual([]);
  });
});
