/**
 * The candle a view zoomed narrower than a candle falls in (5 s of a 1-minute candle). No
 * candle has its middle on such an axis, so the financial controller draws none, and the pane
 * said only "zoom out to see the candles" over data it held. It now paints that candle across
 * the plot, as it covers every moment of the view, on the price axis of its own high and low,
 * with a caption saying which candle it is (bug 186).
 */
import type { Chart, Plugin } from 'chart.js';
import { formatTime } from '../state/format';
import { CHART_FONT } from './chart-font';
import { wrapWords } from './candle-note';
import type { Candle } from './candle-window';
import type { Palette } from './palette';
import type { TimeRange } from './time-window';

/** Read at every draw: the candle the view falls in (null for none) and how to paint it. */
export interface InsideCandle {
  candle: Candle | null;
  intervalMs: number;
  palette: Palette;
}

/** Room left of and right of the painted body, px: a shape, not a band across the plot. */
const BODY_INSET_PX = 24;
/** The caption's line height, px. */
const LINE_PX = 13;

/**
 * The candle of `candles` (each at its period's middle) whose period holds the middle of axis
 * `x`, when none has its middle on the axis; null when one has (it is drawn) or none holds it.
 */
export function insideCandle(
  candles: readonly Candle[],
  x: TimeRange,
  intervalMs: number,
): Candle | null {
  if (candles.some((c) => c.x >= x.start && c.x <= x.end)) return null;
  const middle = (x.start + x.end) / 2;
  const half = intervalMs / 2;
  return candles.find((c) => c.x - half <= middle && middle < c.x + half) ?? null;
}

/** "Inside one candle, 10:03:00 to 10:04:00: zoom out to see the others". */
export function insideCandleCaption(candle: Candle, intervalMs: number): string {
  const start = candle.x - intervalMs / 2;
  return `Inside one candle, ${formatTime(start)} to ${formatTime(start + intervalMs)}: zoom out to see the others`;
}

/** Paints `inside.candle`, when there is one, across the plot's price pane, and its caption. */
export function insideCandlePlugin(inside: Readonly<InsideCandle>): Plugin {
  return {
    id: 'tickdeckInsideCandle',
    afterDatasetsDraw(chart: Chart) {
      const y = chart.scales.y;
      const c = inside.candle;
      if (!c || !y) return;
      const { ctx, chartArea: area } = chart;
      const p = inside.palette;
      const rising = c.c >= c.o;
      const left = area.left + BODY_INSET_PX;
      const right = Math.max(left + 2, area.right - BODY_INSET_PX);
      const mid = Math.round((area.left + area.right) / 2) + 0.5;
      ctx.save();
      ctx.strokeStyle = rising ? p.up : p.down;
      ctx.fillStyle = rising ? p.upFill : p.downFill;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(mid, y.getPixelForValue(c.h));
      ctx.lineTo(mid, y.getPixelForValue(c.l));
      ctx.stroke();
      const top = y.getPixelForValue(Math.max(c.o, c.c));
      const height = Math.max(1, y.getPixelForValue(Math.min(c.o, c.c)) - top);
      ctx.fillRect(left, top, right - left, height);
      ctx.strokeRect(left, top, right - left, height);
      ctx.fillStyle = p.text;
      ctx.font = `${CHART_FONT.sizePx}px ${CHART_FONT.family}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      // In lines that fit, up from the pane's foot: squeezed into one, it was unreadable.
      const words = insideCandleCaption(c, inside.intervalMs);
      const lines = wrapWords(words, area.width - 8, (t) => ctx.measureText(t).width);
      lines.forEach((line, i) =>
        ctx.fillText(line, mid, y.bottom - 2 - (lines.length - 1 - i) * LINE_PX),
      );
      ctx.restore();
    },
  };
}
