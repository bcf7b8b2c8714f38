/**
 * The compare chart's Chart.js options: the streaming options with a legend, the % or price
 * axis its lines are drawn on, and the spread's axis on the right, in bp or pp (spread-unit.ts).
 */
import type { ChartOptions } from 'chart.js';
import type { Palette } from './palette';
import { formatSpread, type SpreadUnit } from './spread-unit';
import { streamingOptions } from './streaming';
import { withOwnTimeTicks } from './time-ticks';

/** How the compared lines are scaled: % from the common start, or the prices themselves. */
export type CompareMode = 'percent' | 'price';

/** The streaming options with a legend, a % or price axis, and the spread's axis in `unit`. */
export function compareOptions(
  p: Palette,
  mode: CompareMode,
  unit: SpreadUnit = 'bp',
): ChartOptions<'line'> {
  const options = streamingOptions(p);
  // Round steps (every 30 s, every minute...), as the price and candle charts tick: left to
  // Chart.js, the labels fell every 19 or 21 s.
  options.scales!.x = withOwnTimeTicks(options.scales!.x!);
  options.plugins!.decimation = { enabled: false, algorithm: 'min-max' }; // decimated already
  options.plugins!.legend = {
    display: true,
    position: 'top',
    align: 'start',
    labels: { color: p.text, boxWidth: 18, boxHeight: 1, font: { size: 11 } },
  };
  options.scales!.y!.ticks = {
    color: p.text,
    maxTicksLimit: 6,
    callback:
      mode === 'percent'
        ? (v) => `${Number(v) > 0 ? '+' : ''}${Number(v).toFixed(2)} %`
        : (v) => Number(v).toLocaleString(undefined, { maximumSignificantDigits: 8 }),
  };
  options.scales!.spread = {
    type: 'linear',
    position: 'right',
    display: false,
    grid: { drawOnChartArea: false },
    ticks: {
      color: p.text,
      maxTicksLimit: 6,
      callback: (v) => formatSpread(unit, Number(v)),
    },
  };
  return options;
}
