/**
 * The candle chart's volume: a bar per candle along the bottom of the price pane, on the hidden
 * `volume` scale, drawn by a plugin of ours under the datasets.
 *
 * Why not a Chart.js bar dataset (as it was until 5 Dec): at a full window that is 180
 * `BarElement`s (`MAX_CANDLES`), each updated (its options resolved, its pixels worked out through
 * the bar controller's ruler) and drawn with its own save, fill and restore — 0.4–0.5 ms of a ~1.9
 * ms candle redraw (docs/PERFORMANCE.md, "a chart page's frame"). The bars are drawn as Chart.js
 * drew them, so the picture is the same: centred on their time, 0.9 of the narrowest spacing
 * between bars or ticks wide (`barPercentage` 0.9, `categoryPercentage` 1, not grouped), from the
 * scale's zero, each filled on its own, clipped to the chart area. (`BarElement` grows a bar by
 * 0.33 px only when bars fill their whole category; at 0.9 they are not grown.)
 */
import type { Chart, Plugin, Scale } from 'chart.js';
import type { XY } from './streaming';

/** Share of the spacing between bars a bar fills (Chart.js's `barPercentage` as it was set). */
export const VOLUME_BAR_SHARE = 0.9;

/** What the plugin draws, read at every draw: set `bars` and `shown` before each update. */
export interface VolumeBars {
  /** One point per bar: its time and volume, rising in time. */
  bars: readonly XY[];
  shown: boolean;
  colour: string;
}

/**
 * The narrowest pixel spacing between successive bars or ticks, at most the axis's length (as
 * Chart.js's bar ruler measures it, so the width is what Chart.js gave its bars).
 */
export function barSpacingPx(bars: readonly XY[], x: Scale): number {
  let min = x.width;
  const narrowest = (count: number, pixelAt: (i: number) => number) => {
    for (let i = 1, prev = pixelAt(0); i < count; i++) {
      const at = pixelAt(i);
      min = Math.min(min, Math.abs(at - prev) || min);
      prev = at;
    }
  };
  if (bars.length > 0) narrowest(bars.length, (i) => x.getPixelForValue(bars[i]!.x));
  if (x.ticks.length > 0) narrowest(x.ticks.length, (i) => x.getPixelForTick(i));
  return min;
}

/** What the bars add to a chart's frame (still-frames.ts): their base and heads, in pixels. */
export function volumeFrame(chart: Chart, source: VolumeBars, px: number[]): string {
  const volume = chart.scales.volume;
  if (!source.shown || !volume) return 'no volume';
  px.push(volume.getPixelForValue(0));
  for (const bar of source.bars) px.push(volume.getPixelForValue(bar.y));
  return `${source.bars.length} bars`;
}

/** A plugin drawing `source`'s bars on the chart's `x` and `volume` scales, under the datasets. */
export function volumeBarsPlugin(source: VolumeBars): Plugin {
  return {
    id: 'tickdeckVolumeBars',
    beforeDatasetsDraw(chart: Chart) {
      const { x, volume } = chart.scales;
      const bars = source.bars;
      if (!source.shown || !x || !volume || bars.length === 0) return;
      const { ctx, chartArea: area } = chart;
      const width = barSpacingPx(bars, x) * VOLUME_BAR_SHARE;
      const base = volume.getPixelForValue(0);
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      ctx.fillStyle = source.colour;
      // A fill per bar, as Chart.js filled them: where a pixel holds the edges of two bars, two
      // fills leave the faint seam that tells dense bars apart; one path of all would not.
      for (const bar of bars) {
        const head = volume.getPixelForValue(bar.y);
        ctx.fillRect(
          x.getPixelForValue(bar.x) - width / 2,
          Math.min(head, base),
          width,
          Math.abs(head - base),
        );
      }
      ctx.restore();
    },
  };
}
