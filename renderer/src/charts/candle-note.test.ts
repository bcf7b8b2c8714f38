import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { candleNotePlugin, candleNoteText, wrapWords, type CandleNote } from './candle-note';
import { PALETTES } from './palette';

describe('the empty candle pane’s note', () => {
  it('says no trades came when the ring holds no bar', () => {
    expect(candleNoteText(0, 0)).toMatch(/^No trades yet: candles are made of trades/);
  });

  it('says none fell in the range when the bars are elsewhere', () => {
    expect(candleNoteText(12, 0)).toBe('No trades in this time range');
  });

  it('says nothing when candles are drawn', () => {
    expect(candleNoteText(12, 3)).toBe('');
    expect(candleNoteText(12, 3, 1)).toBe('');
  });

  it('says why none is drawn in a view zoomed narrower than a candle', () => {
    expect(candleNoteText(12, 1, 0)).toBe(
      'Zoomed in closer than a candle: zoom out to see the candles',
    );
  });
});

describe('the note’s words in lines', () => {
  const measure = (t: string) => t.length * 6;

  it('as many words a line as fit the width', () => {
    expect(wrapWords('No trades in this time range', 60, measure)).toEqual([
      'No trades',
      'in this',
      'time range',
    ]);
  });

  it('a word wider than the width alone on its line', () => {
    expect(wrapWords('a candlestick b', 30, measure)).toEqual(['a', 'candlestick', 'b']);
  });
});

describe('the note plugin', () => {
  /** A chart whose price axis runs down its right side, 40 px wide, from y 10 to 110. */
  function chart() {
    const calls: string[] = [];
    const ctx = {
      save: () => {},
      restore: () => {},
      fillRect: (x: number, y: number, w: number, h: number) =>
        calls.push(`rect ${x},${y},${w},${h}`),
      fillText: (t: string, x: number, y: number) => calls.push(`text ${t}@${x},${y}`),
      // 6 px a character.
      measureText: (t: string) => ({ width: t.length * 6 }),
    } as unknown as CanvasRenderingContext2D;
    const c = {
      ctx,
      width: 240,
      chartArea: { left: 0, right: 200, top: 10, bottom: 110, width: 200 },
      scales: { y: { top: 10, bottom: 110 } },
    } as unknown as Chart;
    return { c, calls };
  }
  const draw = (note: CandleNote, c: Chart) =>
    (candleNotePlugin(note).afterDatasetsDraw as (c: Chart) => void)(c);

  it('covers the plot and the price axis with its end labels, and writes the note in the middle', () => {
    const { c, calls } = chart();
    draw({ text: 'No trades in this time range', palette: PALETTES.dark }, c);
    expect(calls).toEqual([
      'rect 0,10,200,100',
      'rect 200,0,40,117',
      'text No trades in this time range@100,60',
    ]);
  });

  it('wraps a note wider than the plot over lines centred on its middle', () => {
    const { c, calls } = chart();
    draw({ text: candleNoteText(0, 0), palette: PALETTES.dark }, c);
    const lines = calls.filter((t) => t.startsWith('text'));
    expect(lines.length).toBe(3);
    expect(lines[0]).toBe('text No trades yet: candles are made@100,46');
    expect(lines[2]).toMatch(/@100,74$/);
  });

  it('paints nothing without a note', () => {
    const { c, calls } = chart();
    draw({ text: '', palette: PALETTES.dark }, c);
    expect(calls).toEqual([]);
  });
});
