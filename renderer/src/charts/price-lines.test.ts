import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { priceLinesFrame } from './price-lines';

describe('what the price lines add to a frame', () => {
  // 1 price unit a pixel, 100 at the top.
  const chart = { scales: { y: { getPixelForValue: (p: number) => 100 - p } } } as unknown as Chart;

  it('each line’s pixel row as drawn (whole pixels), and its label', () => {
    const px: number[] = [];
    const key = priceLinesFrame(chart, { prices: [10.2, 50.7], decimals: 1, color: '' }, px);
    expect(px).toEqual([90.5, 49.5]);
    expect(key).toBe('10.2,50.7');
  });

  it('a label that reads differently at other decimals', () => {
    const at = (decimals: number) =>
      priceLinesFrame(chart, { prices: [10.25], decimals, color: '' }, []);
    expect(at(1)).not.toBe(at(2));
  });
});
