/**
 * Fired alerts on an instrument's price chart, at the time and price they fired: a small
 * triangle pointing the way the rule watched (▼ for a fall, ▲ for a rise), over a ring at the
 * exact point. Only price rules are marked (levels, crossings, moves); a spread or volume
 * value is not a price and has no place on the line. Markers near one another are drawn as one
 * with their count (./alert-marker-groups.ts). The rule's words reach the user through the
 * crosshair readout near a marker and through the chart's accessible name.
 */
import type { Chart, Plugin } from 'chart.js';
import type { AlertConditionType, AlertEvent } from '../../../protocol/alerts';
import { formatTime } from '../state/format';
import { markerGroups } from './alert-marker-groups';

/** One fired alert on the price line. */
export interface AlertMarker {
  /** The firing tick's event time, epoch ms: the price chart's x axis. */
  readonly t: number;
  readonly price: number;
  /** The way the rule watched the price go. */
  readonly direction: 'up' | 'down';
  /** The rule in its one-line grammar. */
  readonly text: string;
}

/** What the plugin draws, read at every draw (kept in step by the component, like the price lines). */
export interface AlertMarkerSource {
  markers: readonly AlertMarker[];
  up: string;
  down: string;
}

/** No markers (a chart without an alert log: the benches). */
export const NO_ALERT_MARKERS: Readonly<AlertMarkerSource> = { markers: [], up: '', down: '' };

/** The price rules, and which way each watches the price. */
const DIRECTION: Partial<Record<AlertConditionType, AlertMarker['direction']>> = {
  above: 'up',
  'crosses-up': 'up',
  'move-up-pct': 'up',
  below: 'down',
  'crosses-down': 'down',
  'move-down-pct': 'down',
};

/** Half the width of a marker's triangle, and its gap from the point, CSS px. */
const GLYPH_PX = 5;
/** Markers named in a chart's accessible name, newest first: enough to hear the recent ones. */
const MAX_DESCRIBED = 5;

/** The price alerts of `instrument` in `log` (newest first), as markers in the same order. */
export function alertMarkers(log: readonly AlertEvent[], instrument: string): AlertMarker[] {
  const out: AlertMarker[] = [];
  for (const event of log) {
    const tick = event.tick;
    const direction = DIRECTION[event.rule.condition.type];
    if (tick === null || tick.instrument !== instrument || tick.value === null || !direction)
      continue;
    out.push({ t: tick.ts, price: tick.value, direction, text: event.text });
  }
  return out;
}

/** Words for a screen reader: "alerts fired: ACME crosses-down 92.5 at 92.41, 12:00:03; …". */
export function describeAlertMarkers(markers: readonly AlertMarker[]): string {
  if (markers.length === 0) return '';
  const named = markers
    .slice(0, MAX_DESCRIBED)
    .map((m) => `${m.text} at ${m.price}, ${formatTime(m.t)}`);
  const more = markers.length > MAX_DESCRIBED ? `; ${markers.length - MAX_DESCRIBED} more` : '';
  return `${markers.length === 1 ? 'alert' : 'alerts'} fired: ${named.join('; ')}${more}`;
}

/** A plugin drawing `source.markers` over the price line, those inside the plot. */
export function alertMarkerPlugin(source: Readonly<AlertMarkerSource>): Plugin<'line'> {
  return {
    id: 'tickdeckAlertMarkers',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const { ctx, scales } = chart;
      if (!scales['x'] || !scales['y'] || source.markers.length === 0) return;
      ctx.save();
      ctx.lineWidth = 1.5;
      ctx.font = '10px sans-serif';
      ctx.textAlign = 'center';
      for (const { px, py, direction, markers } of markerGroups(chart, source.markers)) {
        const colour = direction === 'down' ? source.down : source.up;
        ctx.strokeStyle = ctx.fillStyle = colour;
        ctx.beginPath();
        ctx.arc(px, py, GLYPH_PX / 2, 0, Math.PI * 2);
        ctx.stroke();
        // The triangle sits on the side the price came from and points at the point.
        const tip = direction === 'down' ? py - GLYPH_PX : py + GLYPH_PX;
        const base = direction === 'down' ? tip - GLYPH_PX * 1.6 : tip + GLYPH_PX * 1.6;
        ctx.beginPath();
        ctx.moveTo(px, tip);
        ctx.lineTo(px - GLYPH_PX, base);
        ctx.lineTo(px + GLYPH_PX, base);
        ctx.closePath();
        ctx.fill();
        if (markers.length === 1) continue;
        // How many, beyond the triangle's base, away from the price line.
        ctx.textBaseline = direction === 'down' ? 'bottom' : 'top';
        ctx.fillText(String(markers.length), px, direction === 'down' ? base - 1 : base + 1);
      }
      ctx.restore();
    },
  };
}
