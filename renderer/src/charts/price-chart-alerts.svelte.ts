/**
 * A price chart's fired alerts, kept in step with the alert log: the markers its plugin draws,
 * its accessible name with the alerts in it, and its crosshair readout naming a marker's rule.
 * Runes, so it is made while the chart's component initialises.
 */
import type { Chart } from 'chart.js';
import { alertLogFromContext } from '../state/alert-log-context';
import { markerGroups, readoutWithAlert } from './alert-marker-groups';
import { alertMarkers, describeAlertMarkers, type AlertMarkerSource } from './alert-markers';
import type { Palette } from './palette';
import type { Readout } from './readout';

export interface PriceChartAlerts {
  /** For the chart's marker plugin, read at every draw. */
  readonly source: AlertMarkerSource;
  /** `label` with the fired alerts told. */
  label(label: string): string;
  /** `readout` with the alerts of a marker's group near the time `t`. */
  readout(readout: Readout | null, chart: Chart, t: number): Readout | null;
}

export function priceChartAlerts(
  instrument: () => string,
  palette: () => Palette,
): PriceChartAlerts {
  const log = alertLogFromContext();
  const markers = $derived(alertMarkers(log(), instrument()));
  const described = $derived(describeAlertMarkers(markers));
  const source: AlertMarkerSource = { markers: [], up: '', down: '' };
  $effect(() => {
    source.markers = markers;
    source.up = palette().up;
    source.down = palette().down;
  });
  return {
    source,
    label: (label) => (described ? `${label}; ${described}` : label),
    readout: (readout, chart, t) =>
      readoutWithAlert(readout, markerGroups(chart, markers), t, msPerPx(chart)),
  };
}

/** Milliseconds one pixel of the x axis spans. */
function msPerPx(chart: Chart): number {
  const x = chart.scales.x;
  return x ? Math.abs(x.max - x.min) / Math.max(1, x.width) : 0;
}
