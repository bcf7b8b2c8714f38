import { describe, expect, it } from 'vitest';
import { RecordingContext, RECORDED_STYLE as STYLE } from '../../../test-support/recording-canvas';
import type { TapeRow } from '../state/depth-view';
import { formatTime } from '../state/format';
import { drawTape, TAPE_ROW_PX, tapeRowAt } from './tape-canvas';

const T0 = 1_764_100_000_000;
/** `n` trades newest first, prices 100.00, 100.01, …, sides alternating, sizes 1, 2, 3, … */
const rows = (n: number): TapeRow[] =>
  Array.from({ length: n }, (_, i) => ({
    t: T0 + i * 1000,
    price: 100 + i / 100,
    size: i + 1,
    side: i % 2 === 0 ? 'buy' : 'sell',
  }));

function draw(tape: readonly TapeRow[], scrollTop = 0, large = Infinity, heightPx = 48) {
  const ctx = new RecordingContext();
  drawTape(ctx.as2d(), {
    rows: tape,
    scrollTop,
    large,
    decimals: 2,
    widthPx: 200,
    heightPx,
    style: STYLE,
  });
  return ctx;
}

describe('drawTape', () => {
  it('draws the rows in view only: time, price, size and side, in columns', () => {
    const ctx = draw(rows(10));
    // 48 px show three rows of 16.
    expect(ctx.textsInOrder()).toEqual([
      formatTime(T0),
      '100.00',
      '1',
      '▲ buy',
      formatTime(T0 + 1000),
      '100.01',
      '2',
      '▼ sell',
      formatTime(T0 + 2000),
      '100.02',
      '3',
      '▲ buy',
    ]);
    const first = ctx.texts.slice(0, 4);
    // The time left at the padding; the rest right-aligned, the side against the right edge.
    expect(first.map((t) => [t.text, t.align, t.fill])).toEqual([
      [formatTime(T0), 'left', 'muted'],
      ['100.00', 'right', 'up'],
      ['▲ buy', 'right', 'up'],
      ['1', 'right', 'text'],
    ]);
    expect(first[0]!.x).toBe(6);
    expect(first[2]!.x).toBe(194);
    // 200 px: 6 + 52 + 4 + 1fr (40) for the price's right edge, 4 + 1fr more for the size's.
    expect(first[1]!.x).toBe(102);
    expect(first[3]!.x).toBe(146);
  });

  it('draws from the row scrolled to, the first partly above the top', () => {
    const ctx = draw(rows(10), 20);
    const prices = ctx.texts.filter((t) => t.text.startsWith('100.'));
    expect(prices.map((t) => [t.text, t.y])).toEqual([
      ['100.01', TAPE_ROW_PX - 20 + 8],
      ['100.02', 2 * TAPE_ROW_PX - 20 + 8],
      ['100.03', 3 * TAPE_ROW_PX - 20 + 8],
      ['100.04', 4 * TAPE_ROW_PX - 20 + 8],
    ]);
  });

  it('draws a large trade bold on its side’s flash colour, the others plain', () => {
    const ctx = draw(rows(3), 0, 2);
    expect(ctx.rects.slice(1).map((r) => [r.y, r.fill])).toEqual([
      [TAPE_ROW_PX, 'down-flash'],
      [2 * TAPE_ROW_PX, 'up-flash'],
    ]);
    const fontOf = (price: string) => ctx.texts.find((t) => t.text === price)!.font;
    expect(fontOf('100.00')).toBe(STYLE.font);
    expect(fontOf('100.01')).toBe(STYLE.boldFont);
  });

  it('finds the trade under the pointer, none past the end', () => {
    expect(tapeRowAt(rows(10), 0, 0)).toBe(0);
    expect(tapeRowAt(rows(10), 20, 15)).toBe(2);
    expect(tapeRowAt(rows(3), 0, 3 * TAPE_ROW_PX)).toBe(-1);
  });
});
