import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { MAX_PRICE_LINES_PER_CHART } from '../../../protocol/chart-setup';
import { priceAtRow, priceLinesFrame, priceLinesPlugin, withPriceLine } from './price-lines';

describe('what the price lines add to a frame', () => {
  // 1 price unit a pixel, 100 at the top.
  const chart = { scales: { y: { getPixelForValue: (p: number) => 100 - p } } } as unknown as Chart;

  it('each line’s pixel row as drawn (whole pixels), and its label', () => {
    const px: number[] = [];
    const key = priceLinesFrame(
      chart,
      { prices: [10.2, 50.7], decimals: 1, color: '', background: '' },
      px,
    );
    expect(px).toEqual([90.5, 49.5]);
    expect(key).toBe('10.2,50.7');
  });

  it('a label that reads differently at other decimals', () => {
    const at = (decimals: number) =>
      priceLinesFrame(chart, { prices: [10.25], decimals, color: '', background: '' }, []);
    expect(at(1)).not.toBe(at(2));
  });
});

describe('the price lines plugin', () => {
  /** A canvas context that records what is filled, and where. */
  function recordingCtx() {
    const filled: { what: string; x: number; y: number; style: string; right?: number }[] = [];
    const ctx = {
      fillStyle: '',
      save() {},
      restore() {},
      setLineDash() {},
      beginPath() {},
      moveTo() {},
      lineTo() {},
      stroke() {},
      measureText: (text: string) => ({ width: text.length * 6 }),
      fillRect(x: number, y: number, width: number) {
        filled.push({ what: 'tag', x, y, style: ctx.fillStyle, right: x + width });
      },
      fillText(text: string, x: number, y: number) {
        filled.push({ what: text, x, y, style: ctx.fillStyle });
      },
    };
    return { ctx, filled };
  }

  it("writes each line's price in a tag on the axis, not over the plot where the line runs", () => {
    const { ctx, filled } = recordingCtx();
    const chart = {
      ctx,
      width: 300,
      chartArea: { left: 0, right: 260, top: 0, bottom: 100 },
      scales: { y: { top: 0, bottom: 100, getPixelForValue: (p: number) => 100 - p } },
    } as unknown as Chart;
    const source = { prices: [40, 500], decimals: 2, color: '#999', background: '#111' };
    const plugin = priceLinesPlugin(source);
    (plugin.afterDatasetsDraw as (c: Chart) => void)(chart);
    // 500 is off the chart: one line, its tag in the line's colour, its text in the background's.
    // The tag reaches the chart's edge, covering a tick label at its row however wide.
    expect(filled).toEqual([
      { what: 'tag', x: 260, y: 60.5 - 7, style: '#999', right: 300 },
      { what: '40.00', x: 263, y: 60.5, style: '#111' },
    ]);
  });

  it('draws no line on the RSI pane under the price pane', () => {
    const { ctx, filled } = recordingCtx();
    // The plot runs to 100 px; the price pane (y) ends at 75, the RSI pane has the rest.
    const chart = {
      ctx,
      width: 300,
      chartArea: { left: 0, right: 260, top: 0, bottom: 100 },
      scales: { y: { top: 0, bottom: 75, getPixelForValue: (p: number) => 75 - p } },
    } as unknown as Chart;
    const source = { prices: [-10, 40], decimals: 2, color: '#999', background: '#111' };
    (priceLinesPlugin(source).afterDatasetsDraw as (c: Chart) => void)(chart);
    expect(filled.map((f) => f.what)).toEqual(['tag', '40.00']);
  });

  it('pulls a tag in where the axis is narrower than it', () => {
    const { ctx, filled } = recordingCtx();
    const chart = {
      ctx,
      width: 270,
      chartArea: { left: 0, right: 260, top: 0, bottom: 100 },
      scales: { y: { top: 0, bottom: 100, getPixelForValue: (p: number) => 100 - p } },
    } as unknown as Chart;
    const source = { prices: [40], decimals: 2, color: '#999', background: '#111' };
    (priceLinesPlugin(source).afterDatasetsDraw as (c: Chart) => void)(chart);
    // "40.00" is 30 px wide plus 6 of padding: it ends at the chart's right edge.
    expect(filled[0]!.x).toBe(270 - 36);
  });
});

describe('the price at a pixel row', () => {
  // The price pane from 0 to 75 px, 1 price unit a pixel, 75 at the top; the RSI pane under it.
  const chart = {
    scales: { y: { top: 0, bottom: 75, getValueForPixel: (py: number) => 75 - py } },
  } as unknown as Chart;

  it('is the price pane’s value there', () => {
    expect(priceAtRow(chart, 25)).toBe(50);
  });

  it('is none on the RSI pane, where a double-click drew a line below every price', () => {
    expect(priceAtRow(chart, 90)).toBeNull();
  });
});

describe('one more price line', () => {
  it('is added while the chart holds fewer than 16', () => {
    expect(withPriceLine([101.25, 99.5], 100, 2)).toEqual({ prices: [101.25, 99.5, 100] });
  });

  it('is refused at 16, naming the bound and the price, and every old line stays', () => {
    const sixteen = Array.from({ length: MAX_PRICE_LINES_PER_CHART }, (_, i) => 100 + i);
    expect(withPriceLine(sixteen, 120.5, 2)).toEqual({
      refused: '16 price lines at most: 120.50 not drawn (double-click a line to remove it)',
    });
  });
});
