/**
 * Wheel and pinch zoom, drag pan on the time axis, by chartjs-plugin-zoom (with hammerjs for
 * touch and drag). The plugin moves the x scale; every move is handed to the instrument's
 * ChartView, which decides whether the charts keep following the live edge, and from then on
 * the charts draw the view's range (so the price line and the candles move together).
 */
import type { Chart, ChartOptions } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import 'hammerjs';

/**
 * The plugin, given to the zoomable charts only (not registered globally: it would start a
 * hammer.js recogniser on every sparkline and odds chart too).
 */
export const ZOOM_PLUGIN = zoomPlugin;

/** The plugin's options: x only; each zoom or pan step reports the scale's new range. */
export function zoomOptions(
  onRange: (start: number, end: number) => void,
): NonNullable<ChartOptions<'line'>['plugins']>['zoom'] {
  const report = ({ chart }: { chart: Chart }) => {
    const x = chart.scales.x;
    if (x) onRange(x.min, x.max);
  };
  return {
    pan: { enabled: true, mode: 'x', threshold: 5, onPan: report },
    zoom: {
      mode: 'x',
      wheel: { enabled: true, speed: 0.1 },
      pinch: { enabled: true },
      onZoom: report,
    },
  };
}
