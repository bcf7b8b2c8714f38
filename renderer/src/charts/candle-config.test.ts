// @vitest-environment jsdom
import { Chart, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import { afterEach, describe, expect, it } from 'vitest';
import { candleConfig } from './candle-config';
import { candleWindow, volumeBounds } from './candle-window';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { PALETTES } from './palette';
import { fakeCanvas } from '../../../test-support/fake-canvas';

const charts: Chart[] = [];
afterEach(() => charts.splice(0).forEach((c) => c.destroy()));

/**
 * A 400 × 300 chart with the candle chart's `volume` scale (or `volume` as given), its bounds
 * set as the candle chart sets them. The candles' controller does not load under Vitest, so
 * the scale sits beside a line dataset.
 */
function volumeChart(volume: object, maxVolume = 37, rsiShare = 0): Chart {
  Chart.register(LineController, LineElement, PointElement, LinearScale);
  const chart = new Chart(fakeCanvas(), {
    type: 'line',
    data: { datasets: [{ data: [{ x: 1, y: 2 }] }] },
    options: {
      animation: false,
      responsive: false,
      scales: {
        x: { type: 'linear' },
        y: { type: 'linear' },
        volume: { ...volume, ...volumeBounds(maxVolume, rsiShare) },
      },
    },
  });
  (chart as unknown as { width: number; height: number }).width = 400;
  chart.resize(400, 300);
  charts.push(chart);
  return chart;
}

const VOLUME = candleConfig(PALETTES.dark).options.scales.volume;

describe('the candle chart’s volume scale', () => {
  it('builds no ticks: it is never shown, so none is labelled or measured on an update', () => {
    const chart = volumeChart(VOLUME);
    chart.update('none');
    expect(chart.scales.volume!.ticks).toEqual([]);
  });

  it('puts every volume at the pixel Chart.js’s own ticks would, with and without RSI’s pane', () => {
    const { ticks: _t, afterBuildTicks: _a, ...ticked } = VOLUME;
    for (const [max, rsi] of [
      [37, 0],
      [1e6 + 3, 0],
      [0.013, 0.25],
      [512, 0.25],
    ] as const) {
      const ours = volumeChart(VOLUME, max, rsi);
      const theirs = volumeChart(ticked, max, rsi);
      ours.update('none');
      theirs.update('none');
      expect(theirs.scales.volume!.ticks.length).toBeGreaterThan(1);
      for (const v of [0, max / 3, max, -max / 7])
        expect(ours.scales.volume!.getPixelForValue(v)).toBe(
          theirs.scales.volume!.getPixelForValue(v),
        );
    }
  });
});

describe('the candles handed to Chart.js', () => {
  it('are an array Chart.js leaves unpatched, replaced whole on every redraw', () => {
    const ring = new ColumnarRing(16, 6);
    ring.push(1_000, 100, 102, 98, 101, 10);
    Chart.register(LineController, LineElement, PointElement, LinearScale);
    const { candles } = candleWindow(ring, 5_000, undefined);
    const chart = new Chart(fakeCanvas(), {
      type: 'line',
      data: { datasets: [{ data: candles as never }] },
      options: {
        animation: false,
        responsive: false,
        parsing: false,
        scales: { x: { type: 'linear' } },
      },
    });
    charts.push(chart);
    chart.update('none');
    // Chart.js wraps an extensible array's push and splice (and keeps `_chartjs` on it).
    expect(Object.prototype.hasOwnProperty.call(candles, '_chartjs')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(candles, 'push')).toBe(false);
  });
});
