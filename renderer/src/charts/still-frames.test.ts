import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { chartFrame, sameFrame, StillFrames, type Frame } from './still-frames';

interface FakeCandle {
  x: number;
  width: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** A laid-out chart as the guard reads it: one time scale's ticks and one candle dataset. */
function fakeChart(candles: FakeCandle[], ticks = ['12:00:00', '12:00:20'], width = 800) {
  const tickPx = [100, 300];
  return {
    width,
    height: 300,
    currentDevicePixelRatio: 1,
    chartArea: { left: 0, top: 10, right: width - 60, bottom: 280 },
    scales: {
      x: {
        id: 'x',
        options: { display: true },
        ticks: ticks.map((label) => ({ label })),
        getPixelForTick: (i: number) => tickPx[i]!,
      },
      rsi: { id: 'rsi', options: { display: false }, ticks: [{ label: '70' }] },
    },
    data: { datasets: [{}] },
    getDatasetMeta: () => ({ type: 'candlestick', hidden: false, data: candles }),
  } as unknown as Chart;
}

const candle = (x: number, close: number): FakeCandle => ({
  x,
  width: 20,
  open: 100,
  high: 50,
  low: 150,
  close,
});
const noExtras = () => '';
const frameOf = (chart: Chart) => chartFrame(chart, noExtras);

describe('sameFrame', () => {
  const drawn: Frame = { key: 'k', px: [10, 20.4, Number.NaN] };

  it('holds a frame whose every pixel moved less than one', () => {
    expect(sameFrame(drawn, { key: 'k', px: [10.99, 19.5, Number.NaN] })).toBe(true);
  });

  it('draws a frame where anything moved a whole pixel', () => {
    expect(sameFrame(drawn, { key: 'k', px: [10, 21.4, Number.NaN] })).toBe(false);
    expect(sameFrame(drawn, { key: 'k', px: [9, 20.4, Number.NaN] })).toBe(false);
  });

  it('draws a frame whose labels, counts or gaps differ, however little moved', () => {
    expect(sameFrame(drawn, { key: 'other', px: drawn.px })).toBe(false);
    expect(sameFrame(drawn, { key: 'k', px: [10, 20.4] })).toBe(false);
    expect(sameFrame(drawn, { key: 'k', px: [10, 20.4, 5] })).toBe(false);
  });
});

describe('chartFrame', () => {
  it('puts the candles, the shown scales’ ticks and the plot area in pixels', () => {
    const f = frameOf(fakeChart([candle(400, 90)]));
    expect(f.px).toEqual([0, 10, 740, 280, 100, 300, 400, 20, 100, 50, 150, 90]);
  });

  it('tells a tick label changed, though none of its pixels moved', () => {
    const a = frameOf(fakeChart([candle(400, 90)]));
    const b = frameOf(fakeChart([candle(400, 90)], ['12:00:00', '12:00:30']));
    expect(sameFrame(a, b)).toBe(false);
  });

  it('tells a candle turned from up to down by a close that moved under a pixel', () => {
    const up = frameOf(fakeChart([candle(400, 99.8)]));
    const down = frameOf(fakeChart([candle(400, 100.2)]));
    expect(sameFrame(up, down)).toBe(false);
  });

  it('tells the canvas was resized or its pixel ratio changed (either clears it)', () => {
    const a = frameOf(fakeChart([candle(400, 90)]));
    expect(frameOf(fakeChart([candle(400, 90)], undefined, 801)).key).not.toBe(a.key);
    const sharper = fakeChart([candle(400, 90)]);
    (sharper as { currentDevicePixelRatio: number }).currentDevicePixelRatio = 2;
    expect(frameOf(sharper).key).not.toBe(a.key);
  });

  it('adds what the chart’s plugins draw', () => {
    const f = chartFrame(fakeChart([]), (_, px) => {
      px.push(42);
      return 'volume';
    });
    expect(f.px.at(-1)).toBe(42);
    expect(f.key.endsWith('|volume')).toBe(true);
  });
});

describe('StillFrames', () => {
  const render = (frames: StillFrames, chart: Chart) =>
    (frames.plugin.beforeRender as (c: Chart) => boolean)(chart);

  it('cancels the render of a frame that moved nothing a pixel, and draws the next that does', () => {
    const frames = new StillFrames(noExtras);
    expect(render(frames, fakeChart([candle(400, 90)]))).toBe(true);
    expect(render(frames, fakeChart([candle(400.6, 90.4)]))).toBe(false);
    // Compared with the frame drawn, not the last laid out: the drift adds up to a pixel.
    expect(render(frames, fakeChart([candle(401, 90)]))).toBe(true);
    expect(frames.skipped).toBe(1);
  });

  it('draws the next frame, however still, once told what it shows changed', () => {
    const frames = new StillFrames(noExtras);
    render(frames, fakeChart([candle(400, 90)]));
    frames.redraw();
    expect(render(frames, fakeChart([candle(400, 90)]))).toBe(true);
  });
});
