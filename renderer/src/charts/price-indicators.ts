/**
 * Indicators on the price line (`ChartSetup.priceIndicators`): computed incrementally over the
 * instrument's 1-second bars by the candles' own {@link IndicatorTrack} (a draw folds in only
 * the new bars), and drawn by a Chart.js plugin over the price line, so the price chart's own
 * data path is untouched and an indicator costs nothing while there is none. Overlays (SMA,
 * EMA, Bollinger, VWAP) share the line's axis; RSI has the sub-pane under it (rsi-pane.ts);
 * volume is a bar per second along the bottom quarter of the price pane.
 */
import type { Chart, Plugin, Scale } from 'chart.js';
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { BARS_PER_SERIES } from '../state/series-store';
import { IndicatorTrack, type TrackedIndicator } from './indicator-track';
import { drawIndicatorNames, indicatorColour } from './indicator-names';
import type { XY } from './streaming';

/** The bars the price line's indicators are computed over: their period counts seconds. */
export const PRICE_INDICATOR_BAR_MS = 1_000;
/** Share of the price pane's height the tallest volume bar takes. */
const VOLUME_SHARE = 0.25;

/** What the plugin draws: the specs and the bar ring they follow, changed in place. */
export class PriceIndicators {
  private track = new IndicatorTrack([], PRICE_INDICATOR_BAR_MS, BARS_PER_SERIES);
  private key = '[]';
  /** Rises whenever the specs or the bars change, so the chart redraws (and lays out its panes). */
  version = 0;

  constructor(private bars: ColumnarRing) {}

  /** New specs or another bar ring start the lines over; the same ones keep them. */
  set(specs: readonly IndicatorSpec[], bars: ColumnarRing): void {
    const key = JSON.stringify(specs);
    if (key === this.key && bars === this.bars) return;
    this.key = key;
    this.bars = bars;
    this.track = new IndicatorTrack(specs, PRICE_INDICATOR_BAR_MS, BARS_PER_SERIES);
    this.version++;
  }

  /** Whether an RSI needs the sub-pane. */
  get rsiPane(): boolean {
    return this.track.tracked.some((t) => t.spec.kind === 'rsi');
  }

  /** The bars held, which the indicators' names compare with the bars each needs. */
  get heldBars(): number {
    return this.bars.length;
  }

  /** Each indicator's lines, brought up to date with the bars. */
  lines(): readonly TrackedIndicator[] {
    if (this.track.tracked.length > 0) this.track.update(this.bars);
    return this.track.tracked;
  }
}

/** Index of the first point at or after `x` (points rise in x). */
function firstAtOrAfter(line: readonly XY[], x: number): number {
  let lo = 0;
  let hi = line.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (line[mid]!.x < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Strokes `line` on `y`, from one point before the x range (so it enters from the left edge). */
function strokeLine(ctx: CanvasRenderingContext2D, line: readonly XY[], x: Scale, y: Scale): void {
  ctx.beginPath();
  let pen = false;
  for (let i = Math.max(0, firstAtOrAfter(line, x.min) - 1); i < line.length; i++) {
    const p = line[i]!;
    if (!Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    const px = x.getPixelForValue(p.x);
    const py = y.getPixelForValue(p.y);
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    pen = true;
    if (p.x > x.max) break;
  }
  ctx.stroke();
}

/** Fills a bar per point in the x range up from the bottom of `y`'s pane, the tallest at {@link VOLUME_SHARE}. */
function fillVolume(ctx: CanvasRenderingContext2D, line: readonly XY[], x: Scale, y: Scale): void {
  const from = firstAtOrAfter(line, x.min);
  let to = from;
  let max = 0;
  for (; to < line.length && line[to]!.x <= x.max; to++) max = Math.max(max, line[to]!.y || 0);
  if (max <= 0) return;
  const pxPerBar = Math.abs(x.getPixelForValue(PRICE_INDICATOR_BAR_MS) - x.getPixelForValue(0));
  const width = Math.max(1, pxPerBar * 0.8);
  const height = (y.bottom - y.top) * VOLUME_SHARE;
  for (let i = from; i < to; i++) {
    const v = line[i]!.y;
    if (!(v > 0)) continue;
    const h = (v / max) * height;
    ctx.fillRect(x.getPixelForValue(line[i]!.x) - width / 2, y.bottom - h, width, h);
  }
}

/**
 * A plugin drawing `source`'s indicators over the datasets, with their names top left; RSI on
 * the chart's `rsi` scale, volume in `volumeColour()`.
 */
export function priceIndicatorsPlugin(source: PriceIndicators, volumeColour: () => string): Plugin {
  return {
    id: 'tickdeckPriceIndicators',
    afterDatasetsDraw(chart: Chart) {
      const { x, y, rsi } = chart.scales;
      const tracked = source.lines();
      if (!x || !y || tracked.length === 0) return;
      const { ctx, chartArea: area } = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      ctx.lineWidth = 1.25;
      drawIndicatorNames(
        ctx,
        area,
        tracked.map((t) => t.spec),
        source.heldBars,
      );
      tracked.forEach((indicator, k) => {
        ctx.strokeStyle = indicatorColour(k);
        if (indicator.spec.kind === 'volume') {
          ctx.fillStyle = volumeColour();
          fillVolume(ctx, indicator.lines[0]!, x, y);
          return;
        }
        const on = indicator.spec.kind === 'rsi' ? rsi : y;
        if (!on) return;
        for (const line of indicator.lines) strokeLine(ctx, line, x, on);
      });
      ctx.restore();
    },
  };
}
