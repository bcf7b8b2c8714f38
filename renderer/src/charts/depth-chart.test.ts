// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DepthChart } from './depth-chart';
import { PALETTES } from './palette';

/** A 2D context that records what the chart sets (jsdom has no canvas). */
function chartOnFakeCanvas() {
  const ctx = { setTransform: vi.fn(), clearRect: vi.fn() };
  const canvas = document.createElement('canvas');
  canvas.getContext = (() => ctx) as unknown as HTMLCanvasElement['getContext'];
  return { ctx, chart: new DepthChart(canvas, PALETTES.dark) };
}

const ratio = window.devicePixelRatio;
afterEach(() => {
  window.devicePixelRatio = ratio;
});

describe('DepthChart', () => {
  it('draws once per change, and again when the window moves to a screen of another pixel density', () => {
    const { ctx, chart } = chartOnFakeCanvas();
    window.devicePixelRatio = 1;
    expect(chart.draw()).toBe(true);
    expect(chart.draw()).toBe(false);
    window.devicePixelRatio = 2;
    expect(chart.draw()).toBe(true);
    expect(ctx.setTransform).toHaveBeenLastCalledWith(2, 0, 0, 2, 0, 0);
    expect(chart.draw()).toBe(false);
  });

  it('stays empty, without throwing, where the browser gives no 2D context', () => {
    const canvas = document.createElement('canvas');
    canvas.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
    const chart = new DepthChart(canvas, PALETTES.dark);
    expect(chart.draw()).toBe(false);
  });
});
