/**
 * The price chart's configuration: the streaming settings with the price pane stacked over
 * RSI's (hidden until needed), and the one line dataset, filled to the axis, drawn from the
 * chart's min-max buckets.
 */
import type { ChartDataset, ChartOptions } from 'chart.js';
import type { Palette } from './palette';
import { PRICE_PANE_WEIGHT, rsiScale } from './rsi-pane';
import { PLUGIN_OFF, streamingOptions, type XY } from './streaming';
import { withOwnTimeTicks } from './time-ticks';

/** The streaming options' axes, with the price pane stacked over RSI's (hidden until needed). */
export function priceScales(p: Palette): ChartOptions<'line'>['scales'] {
  const base = streamingOptions(p).scales!;
  return {
    ...base,
    x: withOwnTimeTicks(base.x!),
    y: { ...base.y!, stack: 'panes', stackWeight: PRICE_PANE_WEIGHT } as never,
    rsi: rsiScale(p),
  };
}

/** The chart's options in `p`'s colours; the owner adds the zoom plugin's. */
export function priceOptions(p: Palette): ChartOptions<'line'> {
  const options = streamingOptions(p);
  options.scales = priceScales(p);
  // Decimated by the chart's buckets already; the plugin would only walk the array again.
  options.plugins!.decimation = PLUGIN_OFF;
  return options;
}

/** The price line over `points`, in `p`'s colours. */
export function priceDataset(p: Palette, points: XY[]): ChartDataset<'line', XY[]> {
  return {
    data: points,
    borderColor: p.line,
    backgroundColor: p.fill,
    fill: 'start',
    // The buckets put a NaN point where data is missing: break the line there.
    spanGaps: false,
  };
}
