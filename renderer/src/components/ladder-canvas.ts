/**
 * The depth ladder's picture, drawn into one canvas: asks above the spread (best last), bids
 * below (best first), each row its price, its size and a bar of the cumulative size from the
 * best price. The DOM rows it replaces rewrote a few texts and moved all twenty bars every
 * batch, each a restyle, layout and paint of its own (docs/PERFORMANCE.md, "Four windows on
 * three sources", fifth session); one canvas is one paint, and the picture is the same: the
 * geometry below is the one DepthLadder's stylesheet gave the rows.
 */
import type { BookView, LadderRow } from '../state/depth-view';
import { formatPrice, formatSize } from '../state/format';
import type { RowStyle } from './canvas-rows';

/** A level's row and the spread's, CSS px. */
export const LADDER_ROW_PX = 16;
export const SPREAD_ROW_PX = 18;
/** The rows' side padding, and the flash's padding around a size, CSS px. */
const PAD_PX = 6;
const SIZE_PAD_PX = 2;
/** The bars' opacity over the panel, and their inset from the row's top and bottom. */
const BAR_ALPHA = 0.18;
const BAR_INSET_PX = 1;

type Change = LadderRow['change'];

export interface LadderPicture {
  readonly book: BookView;
  /** Which way each level's size changed while its flash is lit (see ladder-flash.ts). */
  readonly flash: { readonly bids: readonly Change[]; readonly asks: readonly Change[] };
  readonly decimals: number;
  readonly widthPx: number;
  readonly style: RowStyle;
}

/** The ladder's height for `book`, CSS px: its levels and the spread between them. */
export function ladderHeightPx(book: BookView): number {
  return (book.asks.length + book.bids.length) * LADDER_ROW_PX + SPREAD_ROW_PX;
}

/** The spread row's text and whether it warns (a book being resynced). */
export function spreadText(book: BookView, decimals: number): { text: string; warn: boolean } {
  if (book.resyncing) return { text: 'Book resyncing…', warn: true };
  const spread = book.spread === null ? '—' : formatPrice(book.spread, decimals);
  return { text: `spread ${spread}`, warn: false };
}

/** Draws the whole ladder into `ctx` (scaled to CSS px, see canvas-rows.ts). */
export function drawLadder(ctx: CanvasRenderingContext2D, p: LadderPicture): void {
  const { book, style, widthPx } = p;
  ctx.fillStyle = style.panel;
  ctx.fillRect(0, 0, widthPx, ladderHeightPx(book));
  ctx.font = style.font;
  ctx.textBaseline = 'middle';
  let y = 0;
  for (let i = book.asks.length - 1; i >= 0; i--, y += LADDER_ROW_PX)
    drawLevel(ctx, p, book.asks[i]!, p.flash.asks[i] ?? 0, style.down, y);
  // The spread, between a border line above and one below.
  ctx.fillStyle = style.border;
  ctx.fillRect(0, y, widthPx, 1);
  ctx.fillRect(0, y + SPREAD_ROW_PX - 1, widthPx, 1);
  const spread = spreadText(book, p.decimals);
  ctx.fillStyle = spread.warn ? style.down : style.muted;
  ctx.textAlign = 'center';
  ctx.fillText(spread.text, Math.round(widthPx / 2), y + SPREAD_ROW_PX / 2);
  y += SPREAD_ROW_PX;
  for (let i = 0; i < book.bids.length; i++, y += LADDER_ROW_PX)
    drawLevel(ctx, p, book.bids[i]!, p.flash.bids[i] ?? 0, style.up, y);
}

function drawLevel(
  ctx: CanvasRenderingContext2D,
  p: LadderPicture,
  row: LadderRow,
  change: Change,
  colour: string,
  y: number,
): void {
  const { book, style, widthPx } = p;
  const mid = y + LADDER_ROW_PX / 2;
  // The bar grows from the right edge, behind the text.
  const share = book.maxCumulative > 0 ? row.cumulative / book.maxCumulative : 0;
  ctx.globalAlpha = BAR_ALPHA;
  ctx.fillStyle = colour;
  ctx.fillRect(widthPx * (1 - share), y + BAR_INSET_PX, widthPx * share, LADDER_ROW_PX - 2);
  ctx.globalAlpha = 1;
  ctx.textAlign = 'left';
  ctx.fillText(formatPrice(row.price, p.decimals), PAD_PX, mid);
  const size = formatSize(row.size);
  const right = widthPx - PAD_PX;
  if (change !== 0) {
    const lit = ctx.measureText(size).width + 2 * SIZE_PAD_PX;
    ctx.fillStyle = change > 0 ? style.upFlash : style.downFlash;
    ctx.fillRect(right - lit, y, lit, LADDER_ROW_PX);
  }
  ctx.fillStyle = style.text;
  ctx.textAlign = 'right';
  ctx.fillText(size, right - SIZE_PAD_PX, mid);
}
