/**
 * The trade tape's rows in view, drawn into one canvas: time, price, size and side, a large
 * trade bold on its side's flash colour. A batch of trades shifts every row, so the DOM rows
 * this replaces rewrote ~four texts and restyled every row in view each batch
 * (docs/PERFORMANCE.md, "Four windows on three sources", fifth session); one canvas is one
 * paint. The columns are the ones TradeTape's stylesheet gave the rows (52px 1fr 1fr 44px,
 * 4 px gaps, 6 px padding; all but the time right-aligned), but for a price wider than its
 * 1fr, which takes the room the sizes do not need.
 */
import type { TapeRow } from '../state/depth-view';
import { formatPrice, formatSize, formatTime } from '../state/format';
import type { RowStyle } from './canvas-rows';

/** A trade's row, CSS px. */
export const TAPE_ROW_PX = 16;
const PAD_PX = 6;
const GAP_PX = 4;
const TIME_PX = 52;
const SIDE_PX = 44;

export interface TapePicture {
  /** The whole tape, newest first. */
  readonly rows: readonly TapeRow[];
  /** CSS px scrolled from the tape's top. */
  readonly scrollTop: number;
  /** From this size a trade is large (see largeTradeSize). */
  readonly large: number;
  readonly decimals: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly style: RowStyle;
}

/** A trade's side as the tape writes it. */
export const sideText = (row: TapeRow): string => (row.side === 'buy' ? '▲ buy' : '▼ sell');

/** The index of the trade at `y` CSS px down the tape's view, or -1 past its end. */
export function tapeRowAt(rows: readonly TapeRow[], scrollTop: number, y: number): number {
  const i = Math.floor((scrollTop + y) / TAPE_ROW_PX);
  return i >= 0 && i < rows.length ? i : -1;
}

/** Draws the rows in view into `ctx` (scaled to CSS px, see canvas-rows.ts). */
export function drawTape(ctx: CanvasRenderingContext2D, p: TapePicture): void {
  const { rows, style, widthPx, heightPx } = p;
  ctx.fillStyle = style.panel;
  ctx.fillRect(0, 0, widthPx, heightPx);
  ctx.textBaseline = 'middle';
  const first = Math.max(0, Math.floor(p.scrollTop / TAPE_ROW_PX));
  const end = Math.min(rows.length, Math.ceil((p.scrollTop + heightPx) / TAPE_ROW_PX));
  const texts = [];
  for (let i = first; i < end; i++) {
    const row = rows[i]!;
    const large = row.size >= p.large;
    texts.push({
      row,
      large,
      price: formatPrice(row.price, p.decimals),
      size: formatSize(row.size),
    });
  }
  // The two 1fr columns share what the fixed ones and the gaps leave; prices wider than their
  // share (a 1e-8 coin's twelve decimals) take the room the sizes leave, never the time's;
  // where even that is too little, the price is squeezed into its column (fillText's maxWidth).
  const free = Math.max(0, widthPx - 2 * PAD_PX - TIME_PX - SIDE_PX - 3 * GAP_PX);
  // Measured once a draw, on the longest texts (digits share one width), bold if any row is.
  let longestPrice = '';
  let longestSize = '';
  let anyLarge = false;
  for (const t of texts) {
    if (t.price.length > longestPrice.length) longestPrice = t.price;
    if (t.size.length > longestSize.length) longestSize = t.size;
    anyLarge ||= t.large;
  }
  ctx.font = anyLarge ? style.boldFont : style.font;
  const priceWidth = ctx.measureText(longestPrice).width;
  const sizeWidth = ctx.measureText(longestSize).width;
  const priceColumn = Math.max(free / 2, Math.min(priceWidth, free - sizeWidth));
  const priceRight = PAD_PX + TIME_PX + GAP_PX + priceColumn;
  const sizeRight = PAD_PX + TIME_PX + 2 * GAP_PX + free;
  const sideRight = widthPx - PAD_PX;
  texts.forEach(({ row, large, price, size }, k) => {
    const y = (first + k) * TAPE_ROW_PX - p.scrollTop;
    const colour = row.side === 'buy' ? style.up : style.down;
    if (large) {
      ctx.fillStyle = row.side === 'buy' ? style.upFlash : style.downFlash;
      ctx.fillRect(0, y, widthPx, TAPE_ROW_PX);
    }
    ctx.font = large ? style.boldFont : style.font;
    const mid = y + TAPE_ROW_PX / 2;
    ctx.textAlign = 'left';
    ctx.fillStyle = style.muted;
    ctx.fillText(formatTime(row.t), PAD_PX, mid);
    ctx.textAlign = 'right';
    ctx.fillStyle = colour;
    ctx.fillText(price, priceRight, mid, priceColumn);
    ctx.fillText(sideText(row), sideRight, mid);
    ctx.fillStyle = style.text;
    ctx.fillText(size, sizeRight, mid);
  });
}
