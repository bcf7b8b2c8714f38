import { describe, expect, it } from 'vitest';
import {
  RECORDED_CHAR_PX,
  RecordingContext,
  RECORDED_STYLE as STYLE,
} from '../../../test-support/recording-canvas';
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

  it('widens the price column into the size column’s spare room, so a long price never runs into the time', () => {
    // A 1e-8 coin at 12 decimals: 14 characters (84 px at 6 px each), wider than a 1fr.
    const tiny: TapeRow[] = [{ t: T0, price: 1.005e-8, size: 10, side: 'buy' }];
    const drawAt = (widthPx: number) => {
      const ctx = new RecordingContext();
      const style = STYLE;
      drawTape(ctx.as2d(), {
        rows: tiny,
        scrollTop: 0,
        large: Infinity,
        decimals: 12,
        widthPx,
        heightPx: 48,
        style,
      });
      const [time, price, , size] = ctx.texts;
      const drawnWidth = Math.min(
        price!.text.length * RECORDED_CHAR_PX,
        price!.maxWidth ?? Infinity,
      );
      return {
        price: price!.text,
        timeRight: time!.x + time!.text.length * RECORDED_CHAR_PX,
        priceLeft: price!.x - drawnWidth,
        priceRight: price!.x,
        sizeLeft: size!.x - size!.text.length * RECORDED_CHAR_PX,
      };
    };
    // 240 px: 1fr is 60 px, but the size needs 12 of its 60: the price gets 84.
    const wide = drawAt(240);
    expect(wide.price).toBe('0.000000010050');
    expect(wide.priceLeft).toBeGreaterThan(wide.timeRight);
    expect(wide.sizeLeft).toBeGreaterThan(wide.priceRight);
    // 180 px: no room for it at all; squeezed into its column rather than over the time.
    const narrow = drawAt(180);
    expect(narrow.priceLeft).toBeGreaterThanOrEqual(narrow.timeRight);
    expect(narrow.sizeLeft).toBeGreaterThan(narrow.priceRight);
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
