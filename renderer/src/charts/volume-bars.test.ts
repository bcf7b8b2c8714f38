import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { volumeBarsPlugin, volumeFrame, type VolumeBars } from './volume-bars';

/**
 * A chart 1,000 px wide whose x axis maps 1 s to 10 px, ticked every `tickMs`, and whose volume
 * scale maps 0 to 100 px and 10 units to 0 px; it records the rectangles filled and the clip.
 */
function fakeChart(tickMs = 20_000) {
  const fills: string[] = [];
  let fillStyle = '';
  let clip = '';
  const ctx = {
    save() {},
    restore() {},
    beginPath() {},
    rect: (...a: number[]) => (clip = a.join(' ')),
    clip() {},
    set fillStyle(c: string) {
      fillStyle = c;
    },
    fillRect: (...a: number[]) =>
      fills.push(`${a.map((n) => Math.round(n * 100) / 100).join(' ')} ${fillStyle}`),
  };
  const toX = (t: number) => t / 100;
  const ticks = Array.from({ length: 100_000 / tickMs }, (_, i) => ({ value: i * tickMs }));
  const chart = {
    ctx,
    chartArea: { left: 0, top: 0, right: 1_000, bottom: 100 },
    scales: {
      x: {
        width: 1_000,
        ticks,
        getPixelForValue: toX,
        getPixelForTick: (i: number) => toX(ticks[i]!.value),
      },
      volume: { getPixelForValue: (v: number) => 100 - v * 10 },
    },
  };
  const draw = (source: VolumeBars) => {
    fills.length = 0;
    (volumeBarsPlugin(source).beforeDatasetsDraw as (c: Chart) => void)(chart as unknown as Chart);
    return { fills: [...fills], clip };
  };
  return draw;
}

describe('the candle chart’s volume bars', () => {
  it('fills a bar per point, centred on its time, 0.9 of the narrowest spacing wide, up from zero', () => {
    const draw = fakeChart();
    const bars = [
      { x: 1_000, y: 2 },
      { x: 2_000, y: 5 },
      { x: 4_000, y: 0 },
    ];
    // Bars 10 px apart at the narrowest: 9 px wide, each filled on its own in the colour.
    expect(draw({ bars, shown: true, colour: 'grey' })).toEqual({
      fills: ['5.5 80 9 20 grey', '15.5 50 9 50 grey', '35.5 100 9 0 grey'],
      clip: '0 0 1000 100',
    });
  });

  it('is as narrow as the ticks when they are closer than the bars (as Chart.js’s bar ruler)', () => {
    const draw = fakeChart(500);
    const bars = [
      { x: 0, y: 1 },
      { x: 10_000, y: 1 },
    ];
    // Ticks 5 px apart: bars 4.5 px wide, not 90.
    expect(draw({ bars, shown: true, colour: 'grey' }).fills).toEqual([
      '-2.25 90 4.5 10 grey',
      '97.75 90 4.5 10 grey',
    ]);
  });

  it('draws nothing while the volume indicator is off, or with no bars', () => {
    const draw = fakeChart();
    expect(draw({ bars: [{ x: 0, y: 1 }], shown: false, colour: 'grey' }).fills).toEqual([]);
    expect(draw({ bars: [], shown: true, colour: 'grey' }).fills).toEqual([]);
  });
});

describe('what the volume bars add to a frame', () => {
  const chart = {
    scales: { volume: { getPixelForValue: (v: number) => 100 - v * 10 } },
  } as unknown as Chart;

  it('their base and each bar’s head, in pixels, while shown', () => {
    const px: number[] = [];
    const bars = [
      { x: 1_000, y: 2 },
      { x: 2_000, y: 5.05 },
    ];
    expect(volumeFrame(chart, { bars, shown: true, colour: 'grey' }, px)).toBe('2 bars');
    expect(px).toEqual([100, 80, 49.5]);
  });

  it('nothing while hidden', () => {
    const px: number[] = [];
    const off = volumeFrame(chart, { bars: [{ x: 0, y: 1 }], shown: false, colour: 'grey' }, px);
    expect(px).toEqual([]);
    expect(off).not.toBe(volumeFrame(chart, { bars: [], shown: true, colour: 'grey' }, []));
  });
});
