// @vitest-environment jsdom
import {
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { afterEach, describe, expect, it } from 'vitest';
import { PALETTES } from './palette';
import { streamingOptions } from './streaming';
import { fakeCanvas } from '../../../test-support/fake-canvas';

const charts: Chart[] = [];
function lineChart(options: ReturnType<typeof streamingOptions>, data = [{ x: 1, y: 2 }]): Chart {
  // The plugins register.ts registers (its financial charts do not load under Vitest).
  Chart.register(LineController, LineElement, PointElement, LinearScale);
  Chart.register(Decimation, Filler, Legend, Tooltip);
  // jsdom has no ResizeObserver: a fixed size, the rest as the app's charts have it.
  const chart = new Chart(fakeCanvas(), {
    type: 'line',
    data: { datasets: [{ data }] },
    options: {
      ...options,
      responsive: false,
      scales: { ...options.scales, x: { type: 'linear' } },
    },
  });
  charts.push(chart);
  return chart;
}
afterEach(() => charts.splice(0).forEach((c) => c.destroy()));

describe('streamingOptions', () => {
  it('leaves the legend and the tooltip out of a chart, not merely hidden', () => {
    const chart = lineChart(streamingOptions(PALETTES.dark));
    chart.update('none');
    // A hidden legend would still be here, a layout box building its items on every update.
    expect(chart.legend).toBeUndefined();
    expect(chart.tooltip).toBeUndefined();
    expect(chart.boxes.map((b) => (b as { id?: string }).id)).toEqual(['x', 'y']);
  });

  it('still gives a legend to a chart that shows one (the compare chart)', () => {
    const options = streamingOptions(PALETTES.dark);
    options.plugins!.legend = { display: true };
    const chart = lineChart(options);
    chart.update('none');
    expect(chart.legend).toBeDefined();
  });

  it('labels the price axis of a 1e-8 coin in plain decimals, as its ladder and tape write it', () => {
    const chart = lineChart(streamingOptions(PALETTES.dark), [
      { x: 1, y: 9.95e-9 },
      { x: 2, y: 1.005e-8 },
    ]);
    chart.update('none');
    const labels = chart.scales.y!.ticks.map((t) => String(t.label));
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(label).toMatch(/^0\.0000000\d{4,}$/);
  });

  it('never takes a price axis below zero: a 1,000× spike and back leaves it at 0, not −50,000', () => {
    const chart = lineChart(streamingOptions(PALETTES.dark), [
      { x: 1, y: 99 },
      { x: 2, y: 100_000 },
      { x: 3, y: 100 },
    ]);
    chart.update('none');
    const y = chart.scales.y!;
    expect(y.min).toBe(0);
    expect(y.max).toBeGreaterThanOrEqual(100_000);
  });

  it('still pads an axis whose data goes below zero (a % change) on both sides', () => {
    const chart = lineChart(streamingOptions(PALETTES.dark), [
      { x: 1, y: -1 },
      { x: 2, y: 1 },
    ]);
    chart.update('none');
    expect(chart.scales.y!.min).toBeLessThan(-1);
    expect(chart.scales.y!.max).toBeGreaterThan(1);
  });
});
