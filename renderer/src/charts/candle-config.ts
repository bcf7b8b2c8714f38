/**
 * The candle chart's Chart.js configuration: candlesticks (chartjs-chart-financial) on the
 * streaming settings, the hidden scale the volume is drawn on (volume-bars.ts), a price pane with
 * RSI's sub-pane under it, and the line datasets of the computed indicators.
 */
import type { Chart, ChartDataset, ChartOptions } from 'chart.js';
import { priceBounds, volumeBounds, type Candle, type CandleWindow } from './candle-window';
import type { TrackedIndicator } from './indicator-track';
import { indicatorLabel } from './indicators';
import type { Palette } from './palette';
import { indicatorColour } from './indicator-names';
import { PRICE_PANE_WEIGHT, RSI_PANE_WEIGHT, rsiPaneShown, rsiScale } from './rsi-pane';
import { PLUGIN_OFF, streamingOptions, type XY } from './streaming';
import { withOwnTimeTicks } from './time-ticks';
import type { TimeRange } from './time-window';

/** A scale's `afterBuildTicks` for a scale never shown. */
export function noTicks(axis: { ticks: unknown[] }): void {
  axis.ticks = [];
}

/** The chart's configuration in `p`'s colours: the candles its first dataset. */
export function candleConfig(p: Palette) {
  const base = streamingOptions(p);
  return {
    type: 'candlestick' as const,
    data: {
      datasets: [
        {
          type: 'candlestick' as const,
          label: 'Price',
          data: [] as Candle[],
          yAxisID: 'y',
          borderColors: { up: p.up, down: p.down, unchanged: p.text },
          backgroundColors: { up: p.upFill, down: p.downFill, unchanged: p.text },
          borderWidth: 1,
          order: 0,
          // Not grouped: each candle sits at its own time (as grouped it would too, being alone
          // of its type on the axis), without Chart.js working out its group for every bar.
          grouped: false,
        },
      ],
    },
    options: {
      ...base,
      // Nothing filled: the Filler's hooks would only look at every dataset on each update.
      plugins: { ...base.plugins, decimation: PLUGIN_OFF, filler: PLUGIN_OFF },
      scales: {
        // A bar chart's grid sits between its ticks by default (Chart.js's bar overrides):
        // on a time axis the lines belong at the labels, as the price chart's do.
        x: {
          ...withOwnTimeTicks(base.scales!.x!),
          offset: false,
          grid: { ...base.scales!.x!.grid, offset: false },
        },
        // min/max are set from the bars; their odd values would crowd the tick labels.
        y: {
          ...base.scales!.y,
          stack: 'panes',
          stackWeight: PRICE_PANE_WEIGHT,
          ticks: { ...base.scales!.y!.ticks, includeBounds: false },
        },
        // RSI's sub-pane under the candles, shown only while an RSI is on the chart.
        rsi: rsiScale(p),
        // The volume's (volume-bars.ts): no dataset names it, so its direction is given here.
        volume: {
          type: 'linear' as const,
          axis: 'y' as const,
          display: false,
          min: 0,
          grid: { display: false },
          // Never shown, so no ticks: a hidden scale's ticks are still labelled, measured and
          // auto-skipped in every layout pass of every update. Its bounds are set before
          // (setCandleBounds), so the bars' pixels are the same.
          ticks: { display: false },
          afterBuildTicks: noTicks,
        },
      },
    },
  };
}

/** Gives a live candle chart `p`'s colours: its options' parts and the candles' own. */
export function recolour(chart: Chart, p: Palette): void {
  const fresh = candleConfig(p);
  // Replace parts of the live options, not the object: the chart sets the x range on them.
  chart.options.scales = fresh.options.scales as never;
  // The fresh plugins' options, but the zoom's own: its callbacks steer this chart's view.
  chart.options.plugins = { ...fresh.options.plugins, zoom: chart.options.plugins?.zoom } as never;
  fresh.data.datasets.forEach((ds, i) =>
    Object.assign(chart.data.datasets[i]!, ds, { data: chart.data.datasets[i]!.data }),
  );
}

/**
 * A line dataset per line of each tracked indicator (Bollinger has three), in the indicator's
 * colour, the bands dashed; RSI on its own pane. Drawn over the candles.
 */
export function indicatorDatasets(
  tracked: readonly TrackedIndicator[],
): ChartDataset<'line', XY[]>[] {
  return tracked.flatMap((t, k) => {
    const colour = indicatorColour(k);
    return t.lines.map((line, j): ChartDataset<'line', XY[]> => ({
      type: 'line',
      label: indicatorLabel(t.spec),
      data: line,
      yAxisID: t.spec.kind === 'rsi' ? 'rsi' : 'y',
      borderColor: colour,
      borderWidth: 1,
      borderDash: j === 0 ? [] : [3, 2],
      pointRadius: 0,
      spanGaps: false,
      order: -1,
    }));
  });
}

/**
 * Sets the scales' bounds for window `w` over time range `x`: the price from the bars, and the
 * volume so its tallest bar reaches a quarter of the price pane (above the RSI pane, if shown).
 */
export function setCandleBounds(
  scales: NonNullable<ChartOptions['scales']>,
  w: CandleWindow,
  x: TimeRange,
): void {
  scales.x!.min = x.start;
  scales.x!.max = x.end;
  Object.assign(scales.y!, priceBounds(w));
  const rsiShare = rsiPaneShown(scales)
    ? RSI_PANE_WEIGHT / (RSI_PANE_WEIGHT + PRICE_PANE_WEIGHT)
    : 0;
  Object.assign(scales.volume!, volumeBounds(w.maxVolume, rsiShare));
}
