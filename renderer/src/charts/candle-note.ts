/**
 * What an empty candle pane says instead of a price axis. Candles are made of trades only, so
 * an instrument that is quoted but not traded has none; Chart.js would draw its empty price
 * axis from 0 to 1, a range no market has. The pane keeps its layout (hiding the axis widened
 * the plot, and its time axis no longer lined up with the price line's above): the note is
 * painted over the price axis and the plot, the time axis stays.
 */
import type { Chart, Plugin } from 'chart.js';
import { CHART_FONT } from './chart-font';
import type { Palette } from './palette';

/** Read at every draw: the note ('' for none) and the colours to paint it in. */
export interface CandleNote {
  text: string;
  palette: Palette;
}

/**
 * The note for `held` bars in the ring of which `shown` fall in the view and `centred` have
 * their middle, where a candle is drawn, on the axis ('' when one is drawn): a view zoomed
 * narrower than a bar shows none (5 s of a 1-minute candle), and said nothing of why.
 */
export function candleNoteText(held: number, shown: number, centred = shown): string {
  if (shown > 0)
    return centred > 0 ? '' : 'Zoomed in closer than a candle: zoom out to see the candles';
  return held === 0
    ? 'No trades yet: candles are made of trades, and the price line above draws quote mids'
    : 'No trades in this time range';
}

/** Line height of the note, and the most its tick labels reach past the axis's ends, px. */
const LINE_PX = 14;
const LABEL_HALF_PX = 7;

/** `text` in lines no wider than `widthPx` (a word wider than that alone on its line). */
export function wrapWords(text: string, widthPx: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const line = lines.at(-1);
    if (line !== undefined && measure(`${line} ${word}`) <= widthPx)
      lines[lines.length - 1] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Paints `note.text`, when there is one, over the price axis and the plot. */
export function candleNotePlugin(note: Readonly<CandleNote>): Plugin {
  return {
    id: 'tickdeckCandleNote',
    afterDatasetsDraw(chart: Chart) {
      const y = chart.scales.y;
      if (!note.text || !y) return;
      const { ctx, chartArea: area } = chart;
      ctx.save();
      ctx.fillStyle = note.palette.panel;
      ctx.fillRect(area.left, y.top, area.right - area.left, y.bottom - y.top);
      // The axis's column from the top: its end labels stand half a line past its ends.
      ctx.fillRect(area.right, 0, chart.width - area.right, y.bottom + LABEL_HALF_PX);
      ctx.fillStyle = note.palette.text;
      ctx.font = `${CHART_FONT.sizePx}px ${CHART_FONT.family}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      const lines = wrapWords(note.text, area.width - 8, (t) => ctx.measureText(t).width);
      const top = (y.top + y.bottom) / 2 - ((lines.length - 1) * LINE_PX) / 2;
      lines.forEach((line, i) =>
        ctx.fillText(line, (area.left + area.right) / 2, top + i * LINE_PX),
      );
      ctx.restore();
    },
  };
}
