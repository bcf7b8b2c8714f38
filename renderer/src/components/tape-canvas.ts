/**
 * The trade tape's rows in view, drawn into one canvas: time, price, size and side, a large
 * trade bold on its side's flash colour. A batch of trades shifts every row, so the DOM rows
 * this replaces rewrote ~four texts and restyled every row in view each batch
 * (docs/PERFORMANCE.md, "Four windows on three sources", fifth session); one canvas is one
 * paint. The columns are the ones TradeTape's stylesheet gave the rows (52px 1fr 1fr 44px,
 * 4 px gaps, 6 px padding; all but the time right-aligned).
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
  // The two 1fr columns share what the fixed ones and the gaps leave.
  const fr = Math.max(0, (widthPx - 2 * PAD_PX - TIME_PX - SIDE_PX - 3 * GAP_PX) / 2);
  const priceRight = PAD_PX + TIME_PX + GAP_PX + fr;
  const sizeRight = priceRight + GAP_PX + fr;
  const sideRight = widthPx - PAD_PX;
  const first = Math.max(0, Math.floor(p.scrollTop / TAPE_ROW_PX));
  for (let i = first; i < rows.length; i++) {
    const y = i * TAPE_ROW_PX - p.scrollTop;
    if (y >= heightPx) break;
    const row = rows[i]!;
    const colour = row.side === 'buy' ? style.up : style.down;
    const large = row.size >= p.large;
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
    ctx.fillText(formatPrice(row.price, p.decimals), priceRight, mid);
    ctx.fillText(sideText(row), sideRight, mid);
    ctx.fillStyle = style.text;
    ctx.fillText(formatSize(row.size), sizeRight, mid);
  }
}
