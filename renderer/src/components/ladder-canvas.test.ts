import { describe, expect, it } from 'vitest';
import {
  RECORDED_CHAR_PX,
  RecordingContext,
  RECORDED_STYLE as STYLE,
} from '../../../test-support/recording-canvas';
import { foldBook, type BookView } from '../state/depth-view';
import { drawLadder, LADDER_ROW_PX, ladderHeightPx, SPREAD_ROW_PX } from './ladder-canvas';

const WIDTH = 200;

const book = (resyncing = false): BookView =>
  foldBook(null, {
    id: 'ACME',
    book: {
      bids: [
        [99.5, 2],
        [99, 6],
      ],
      asks: [
        [100.5, 1],
        [101, 1],
      ],
    },
    resyncing,
    tapeReset: false,
    trades: { t: [], price: [], size: [], side: [] },
  });
const NO_FLASH = { bids: [0, 0] as const, asks: [0, 0] as const };

function draw(
  b: BookView,
  flash: { bids: readonly (-1 | 0 | 1)[]; asks: readonly (-1 | 0 | 1)[] },
) {
  const ctx = new RecordingContext();
  drawLadder(ctx.as2d(), { book: b, flash, decimals: 2, widthPx: WIDTH, style: STYLE });
  return ctx;
}
/** The middle of row `n` from the top (asks first, then the spread, then bids), CSS px. */
const rowMid = (n: number) =>
  (n < 2 ? n * LADDER_ROW_PX : n * LADDER_ROW_PX + SPREAD_ROW_PX - LADDER_ROW_PX) +
  LADDER_ROW_PX / 2;

describe('drawLadder', () => {
  it('draws asks (best last) above the spread and bids (best first) below, price then size', () => {
    const ctx = draw(book(), NO_FLASH);
    expect(ctx.textsInOrder()).toEqual([
      '101.00',
      '1',
      '100.50',
      '1',
      'spread 1.00',
      '99.50',
      '2',
      '99.00',
      '6',
    ]);
    expect(ladderHeightPx(book())).toBe(4 * LADDER_ROW_PX + SPREAD_ROW_PX);
  });

  it('colours an ask price as a fall and a bid price as a rise, sizes in the text colour', () => {
    const ctx = draw(book(), NO_FLASH);
    const text = (t: string) => ctx.texts.find((x) => x.text === t)!;
    expect(text('101.00')).toMatchObject({ fill: 'down', align: 'left', y: rowMid(0) });
    expect(text('99.50')).toMatchObject({ fill: 'up', align: 'left', y: rowMid(3) });
    expect(text('2')).toMatchObject({ fill: 'text', align: 'right' });
    expect(text('spread 1.00')).toMatchObject({ fill: 'muted', align: 'center' });
  });

  it("draws each level's cumulative size as a bar from the right, a share of the deepest side's", () => {
    const bars = draw(book(), NO_FLASH).rects.filter((r) => r.alpha < 1);
    // Asks 1 then 2 of 8 (the bids' 2 + 6), then bids 2 and 8 of 8: right-anchored.
    expect(bars.map((b) => [b.w / WIDTH, b.x + b.w, b.fill])).toEqual([
      [0.25, WIDTH, 'down'],
      [0.125, WIDTH, 'down'],
      [0.25, WIDTH, 'up'],
      [1, WIDTH, 'up'],
    ]);
  });

  it('lights a changed size behind its text, in the colour of the change', () => {
    const ctx = draw(book(), { bids: [1, 0], asks: [0, -1] });
    const lit = ctx.rects.filter((r) => r.fill.endsWith('flash'));
    expect(lit.map((r) => [r.fill, r.y])).toEqual([
      ['down-flash', 0], // the asks' second level, drawn first (best last)
      ['up-flash', 2 * LADDER_ROW_PX + SPREAD_ROW_PX],
    ]);
    // Exactly the size's width and its padding, against the right padding.
    expect(lit[1]!.w).toBe(RECORDED_CHAR_PX + 4);
    expect(lit[1]!.x + lit[1]!.w).toBe(WIDTH - 6);
  });

  it('says a book being resynced in the warning colour where the spread was', () => {
    const ctx = draw(book(true), NO_FLASH);
    expect(ctx.texts.find((t) => t.align === 'center')).toMatchObject({
      text: 'Book resyncing…',
      fill: 'down',
    });
  });
});
