/**
 * The Chart.js settings that make streaming cheap (after uPlot's Chart.js 4 stream bench):
 * no animation, no parsing (data is already {x, y}), normalized (sorted, unique x), min-max
 * decimation for long series, no point markers, and no hover work between frames.
 */
import { Ticks, type ChartOptions, type Scale, type Tick } from 'chart.js';
import { formatTinyTick } from '../state/format';
import type { Palette } from './palette';
import { LABEL_GAP_PX } from './time-ticks';

/** A registered plugin's options that leave it out of a chart altogether (PluginService). */
export const PLUGIN_OFF = false as never;

/** A price axis's label: Chart.js's own, but a tiny price's short (formatTinyTick). */
function priceTick(this: Scale, value: number | string, index: number, ticks: Tick[]): string {
  const price = Number(value);
  return formatTinyTick(price, ticks) ?? Ticks.formatters.numeric.call(this, price, index, ticks);
}

/** Options shared by every streaming chart. */
export function streamingOptions(p: Palette): ChartOptions<'line'> {
  return {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    // Hover hit-testing on every mouse move would cost a redraw outside our frame loop.
    events: [],
    spanGaps: true,
    elements: {
      point: { radius: 0, hoverRadius: 0, hitRadius: 0 },
      line: { borderWidth: 1, tension: 0, capBezierPoints: false },
    },
    plugins: {
      decimation: { enabled: true, algorithm: 'min-max' },
      // Off, not hidden: a hidden legend still builds its items from the datasets and takes part
      // in the layout, and a disabled tooltip still runs its hooks, on every update. Chart.js
      // skips a plugin whose options are `false` (its types no longer say so).
      legend: PLUGIN_OFF,
      tooltip: PLUGIN_OFF,
    },
    scales: {
      x: {
        type: 'time',
        grid: { color: p.grid },
        border: { display: false },
        ticks: { color: p.text, maxRotation: 0, autoSkipPadding: LABEL_GAP_PX, source: 'auto' },
        time: { displayFormats: { second: 'HH:mm:ss', minute: 'HH:mm', hour: 'HH:mm' } },
      },
      y: {
        type: 'linear',
        position: 'right',
        grace: '5%',
        grid: { color: p.grid },
        border: { display: false },
        ticks: { color: p.text, maxTicksLimit: 6, callback: priceTick },
      },
    },
  };
}

/** A point as Chart.js reads it with parsing off. */
export interface XY {
  x: number;
  y: number;
}
