/**
 * Indicators on the price line (`ChartSetup.priceIndicators`): computed incrementally over the
 * instrument's 1-second bars by the candles' own {@link IndicatorTrack} (a draw folds in only
 * the new bars), and stroked by a Chart.js plugin over the price line, so the price chart's
 * own data path is untouched and an indicator costs nothing while there is none.
 */
import type { Chart, Plugin } from 'chart.js';
import type { IndicatorSpec } from '../../../protocol/settings';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { BARS_PER_SERIES } from '../state/series-store';
import { INDICATOR_COLOURS } from './palette';
import { IndicatorTrack, type TrackedIndicator } from './indicator-track';
import { indicatorLabel } from './indicators';
import type { XY } from './streaming';

/** The bars the price line's indicators are computed over: their period counts seconds. */
export const PRICE_INDICATOR_BAR_MS = 1_000;

/** What the plugin draws: the specs and the bar ring they follow, changed in place. */
export class PriceIndicators {
  private track = new IndicatorTrack([], PRICE_INDICATOR_BAR_MS, BARS_PER_SERIES);
  private key = '[]';

  constructor(private bars: ColumnarRing) {}

  /** New specs or another bar ring start the lines over; the same ones keep them. */
  set(specs: readonly IndicatorSpec[], bars: ColumnarRing): void {
    const key = JSON.stringify(specs);
    if (key === this.key && bars === this.bars) return;
    this.key = key;
    this.bars = bars;
    this.track = new IndicatorTrack(specs, PRICE_INDICATOR_BAR_MS, BARS_PER_SERIES);
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

/** A plugin stroking `source`'s lines over the datasets, with their names top left. */
export function priceIndicatorsPlugin(source: PriceIndicators): Plugin {
  return {
    id: 'tickdeckPriceIndicators',
    afterDatasetsDraw(chart: Chart) {
      const { x, y } = chart.scales;
      const tracked = source.lines();
      if (!x || !y || tracked.length === 0) return;
      const { ctx, chartArea: area } = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      ctx.lineWidth = 1.25;
      ctx.font = '10px sans-serif';
      ctx.textBaseline = 'top';
      tracked.forEach((indicator, k) => {
        ctx.strokeStyle = ctx.fillStyle = INDICATOR_COLOURS[k % INDICATOR_COLOURS.length]!;
        ctx.fillText(indicatorLabel(indicator.spec), area.left + 4, area.top + 2 + k * 12);
        for (const line of indicator.lines) {
          ctx.beginPath();
          let pen = false;
          // One point before the range, so the line enters from the left edge.
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
      });
      ctx.restore();
    },
  };
}
