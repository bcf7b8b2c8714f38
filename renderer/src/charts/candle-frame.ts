/**
 * What the candle pane shows at one draw, from the bars and the price line's time axis: the
 * bars within the view (candle-window.ts), the time range they are drawn on, the candle a view
 * narrower than a candle falls in (inside-candle.ts), and what the pane says instead of candles
 * (candle-note.ts). The chart (candle-chart.ts) hands it to Chart.js.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import type { ChartView } from './chart-view';
import { candleNoteText } from './candle-note';
import { candleWindow, idleTimeRange, type Candle, type CandleWindow } from './candle-window';
import { insideCandle } from './inside-candle';
import { drawnRange, priceWindow, type TimeRange } from './time-window';

/** The price line whose time axis the candles share. */
export interface SharedAxis {
  readonly ring: ColumnarRing;
  readonly windowMs: number;
  /** Where the user zoomed or panned the instrument's charts. */
  readonly view: ChartView;
}

export interface CandleFrame {
  /** The bars drawn and their volume. */
  readonly window: CandleWindow;
  /** The price bounds: the bars', or the inside candle's own high and low. */
  readonly bounds: CandleWindow;
  /** The time axis's range. */
  readonly x: TimeRange;
  /** The candle painted across the plot, or null. */
  readonly inside: Candle | null;
  /** What the pane says instead of candles; '' while it draws some. */
  readonly note: string;
  /**
   * Time of the newest bar drawn, to pass to the next frame: an emptied ring (reset, seek)
   * keeps a sensible axis from it.
   */
  readonly newest: number | null;
}

/** The frame of bars `ring` of `intervalMs` on `axis`; `newest` is the last frame's. */
export function candleFrame(
  ring: ColumnarRing,
  intervalMs: number,
  axis: SharedAxis,
  newest: number | null,
): CandleFrame {
  const live = priceWindow(axis.ring, axis.windowMs);
  const range = live && axis.view.range(live);
  const w = candleWindow(ring, intervalMs, range);
  // Without a price line, the last candles: Chart.js would auto-range an empty axis from 1970.
  let x = range && drawnRange(range, intervalMs, live);
  if (!x) {
    newest = w.candles.at(-1)?.x ?? newest ?? Date.now();
    x = idleTimeRange(newest, w.candles.length, intervalMs);
  }
  const inside = insideCandle(w.candles, x, intervalMs);
  let centred = 0;
  for (const c of w.candles) if (c.x >= x.start && c.x <= x.end) centred++;
  return {
    window: w,
    // The price axis of the candle painted alone, where another overlapping the view widened it.
    bounds: inside ? { ...w, low: inside.l, high: inside.h } : w,
    x,
    inside,
    note: inside ? '' : candleNoteText(ring.length, w.candles.length, centred),
    newest,
  };
}
